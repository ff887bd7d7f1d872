package dev.sparkburst.proofs.logs;

import dev.sparkburst.lambdas.StepLog;
import org.slf4j.LoggerFactory;

/** Run by {@link DeployedJarLogsTest} in a JVM whose class path is the shaded Lambda jar and this class. */
public final class DeployedJarInvocation {

    private DeployedJarInvocation() {
    }

    public static void main(String[] args) throws Exception {
        StepLog.invoke(DeployedJarInvocation.class, "RECORD_RUN", null, log -> {
            log.runId("run-shaded");
            LoggerFactory.getLogger("dev.sparkburst.core.Example").warn("quote \" and\nnewline");
            LoggerFactory.getLogger("dev.sparkburst.metrics").info("{\"_aws\":{\"Timestamp\":1}}");
        });
        try {
            StepLog.invoke(DeployedJarInvocation.class, "CHECK_DRIVER", null, log -> {
                throw new IllegalStateException("boom");
            });
        } catch (IllegalStateException expected) {
            // The "step failed" line is what is looked at.
        }
    }
}
