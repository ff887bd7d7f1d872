package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.ReleaseCluster;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/** RELEASE_CLUSTER: leave the queue, scale to zero when no run is active. See {@link ReleaseCluster}. */
public final class ReleaseClusterHandler extends StateHandler {

    public ReleaseClusterHandler() {
        this(LambdaEnvironment.primed(Step.RELEASE_CLUSTER));
    }

    public ReleaseClusterHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        ClusterSizing sizing = new ClusterSizing(ports().queue(), ports().cluster(), ports().settings().maxWorkers());
        return new ReleaseCluster(ports().queue(), sizing, ports().results(), ports().history(),
                ports().settings().costRates(), ports().clock())
                .apply(state);
    }
}
