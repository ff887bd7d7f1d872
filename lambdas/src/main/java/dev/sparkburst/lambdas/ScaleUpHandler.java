package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.ClusterSizing;
import dev.sparkburst.core.lifecycle.ScaleUp;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/** SCALE_UP: master 1 and workers together. See {@link ScaleUp}. */
public final class ScaleUpHandler extends StateHandler {

    public ScaleUpHandler() {
        this(LambdaEnvironment.primed(Step.SCALE_UP));
    }

    public ScaleUpHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        ClusterSizing sizing = new ClusterSizing(ports().queue(), ports().cluster(), ports().settings().maxWorkers());
        return new ScaleUp(ports().settings(), sizing, ports().clock()).apply(state);
    }
}
