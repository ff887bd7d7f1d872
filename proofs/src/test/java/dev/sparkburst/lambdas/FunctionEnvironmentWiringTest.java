package dev.sparkburst.lambdas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.contracts.FunctionVariables;
import dev.sparkburst.core.run.Step;
import dev.sparkburst.proofs.Templates;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every environment variable a step's handler reads (through {@link LambdaEnvironment}, learnt by running the
 * handlers: {@link StepVariableReads}) is set on that step's function in the synthesized workflow template of each
 * real environment file. In this package to reach {@code LambdaEnvironment.fromEnvironment}.
 */
class FunctionEnvironmentWiringTest {

    private static final Map<String, Map<Step, Map<String, String>>> ENVIRONMENTS = new ConcurrentHashMap<>();
    private static final Map<String, Map<Step, Set<String>>> READS = new ConcurrentHashMap<>();

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void everyVariableAStepReadsIsSetOnItsFunction(String file) {
        assertThat(missing(environments(file), reads(file))).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("dev.sparkburst.proofs.Templates#ENVIRONMENT_FILES")
    void theRunThroughTheHandlersReadsEveryFunctionVariable(String file) {
        Set<String> all = new TreeSet<>();
        reads(file).values().forEach(all::addAll);

        assertThat(all).containsExactlyInAnyOrderElementsOf(FunctionVariables.ALL);
        assertThat(reads(file).get(Step.REAP)).contains(FunctionVariables.STATE_MACHINE_ARN);
        assertThat(reads(file).get(Step.RECORD_RUN)).contains(FunctionVariables.TOPIC_ARN);
        assertThat(reads(file).get(Step.CHECK_CLUSTER)).contains(FunctionVariables.MASTER_UI_URL);
    }

    @Test
    void aFunctionWithoutAVariableItsStepReadsIsReported() {
        String file = Templates.ENVIRONMENT_FILES.get(0);
        Map<Step, Map<String, String>> environments = new EnumMap<>(environments(file));
        Map<String, String> reaper = new LinkedHashMap<>(environments.get(Step.REAP));
        reaper.remove(FunctionVariables.STATE_MACHINE_ARN);
        environments.put(Step.REAP, reaper);

        Map<Step, Set<String>> reads = StepVariableReads.learn(environments::get);

        assertThat(missing(environments, reads)).containsOnlyKeys(Step.REAP)
                .containsEntry(Step.REAP, Set.of(FunctionVariables.STATE_MACHINE_ARN));
    }

    /** Per step, the variables it read that its function does not set. */
    private static Map<Step, Set<String>> missing(Map<Step, Map<String, String>> environments,
                                                  Map<Step, Set<String>> reads) {
        Map<Step, Set<String>> missing = new EnumMap<>(Step.class);
        reads.forEach((step, names) -> {
            Set<String> absent = new TreeSet<>(names);
            absent.removeAll(environments.get(step).keySet());
            if (!absent.isEmpty()) {
                missing.put(step, absent);
            }
        });
        return missing;
    }

    private static Map<Step, Set<String>> reads(String file) {
        return READS.computeIfAbsent(file, f -> StepVariableReads.learn(environments(f)::get));
    }

    /** Each step's function environment in the workflow template, found by the function's handler. */
    private static Map<Step, Map<String, String>> environments(String file) {
        return ENVIRONMENTS.computeIfAbsent(file, f -> {
            Templates templates = Templates.of(f);
            JsonNode workflow = templates.of(templates.stacks().workflow());
            Map<Step, Map<String, String>> found = new EnumMap<>(Step.class);
            for (Step step : Step.values()) {
                workflow.path("Resources").forEach(resource -> {
                    if ("AWS::Lambda::Function".equals(resource.path("Type").asText())
                            && step.handler().equals(resource.path("Properties").path("Handler").asText())) {
                        found.put(step, TemplateValues.environment(resource));
                    }
                });
                assertThat(found).as("a function for " + step + " in " + f).containsKey(step);
            }
            return found;
        });
    }
}
