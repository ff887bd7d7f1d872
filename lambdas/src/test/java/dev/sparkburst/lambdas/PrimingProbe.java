package dev.sparkburst.lambdas;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.sparkburst.core.run.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * A fresh JVM as Lambda starts one: builds step handlers from the process environment and reports, on one line
 * starting {@link #REPORT}, how many classes construction and the first invocation loaded. PrimingTest runs it.
 *
 * <p>Arguments: {@code primed|unprimed STEP [PAYLOAD]}. {@code primed} uses the no-arg constructor (Lambda's
 * wiring, with priming), {@code unprimed} the same environment's ports without it; with a payload, the handler is
 * invoked once; {@code primed ALL} builds every step's handler and invokes nothing.
 */
public final class PrimingProbe {

    static final String REPORT = "PRIMING-PROBE ";

    private PrimingProbe() {
    }

    public static void main(String[] args) throws Exception {
        // The handlers log JSON lines to stdout; the report must stay findable and whole.
        PrintStream report = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        boolean primed = args[0].equals("primed");
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        if (args[1].equals("ALL")) {
            for (Step step : Step.values()) {
                handler(step, true);
            }
            report.println(REPORT + "{\"built\":" + Step.values().length + "}");
            return;
        }
        Step step = Step.valueOf(args[1]);
        long before = classes.getTotalLoadedClassCount();
        RequestStreamHandler handler = handler(step, primed);
        long built = classes.getTotalLoadedClassCount();
        String output = "";
        if (args.length > 2) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(new ByteArrayInputStream(args[2].getBytes(StandardCharsets.UTF_8)), out, null);
                output = out.toString(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                output = "failed: " + e;
            }
        }
        long invoked = classes.getTotalLoadedClassCount();
        report.println(REPORT + dev.sparkburst.core.json.Json.mapper().writeValueAsString(java.util.Map.of(
                "construction", built - before, "firstInvocation", invoked - built, "output", output)));
    }

    private static RequestStreamHandler handler(Step step, boolean primed) throws ReflectiveOperationException {
        Class<?> type = Class.forName(PrimingProbe.class.getPackageName() + "." + step.handlerClass());
        if (primed) {
            return (RequestStreamHandler) type.getConstructor().newInstance();
        }
        return (RequestStreamHandler) type.getConstructor(Ports.class).newInstance(LambdaEnvironment.ports());
    }
}
