package dev.sparkburst.lambdas;

import dev.sparkburst.core.lifecycle.SubmitJob;
import dev.sparkburst.core.run.RunState;
import dev.sparkburst.core.run.Step;

/** SUBMIT_JOB: idempotent submission. See {@link SubmitJob}. */
public final class SubmitJobHandler extends StateHandler {

    public SubmitJobHandler() {
        this(LambdaEnvironment.primed(Step.SUBMIT_JOB));
    }

    public SubmitJobHandler(Ports ports) {
        super(ports);
    }

    @Override
    protected RunState handle(RunState state) {
        return new SubmitJob(ports().settings(), ports().spark(), ports().history(), ports().results(), ports().clock())
                .apply(state);
    }
}
