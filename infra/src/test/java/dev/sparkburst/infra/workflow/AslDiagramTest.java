package dev.sparkburst.infra.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AslDiagramTest {

    private static final Path EXPORTED = Path.of("target", "classes", "dev", "sparkburst", "infra",
            "statemachine.asl.json");
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theReadmeShowsTheStateMachineAsTheSynthesizedDefinitionDrawsIt() throws Exception {
        JsonNode definition = Json.mapper().readTree(EXPORTED.toFile());
        String readme = Files.readString(README);

        assertThat(AslDiagram.replaceBlock(readme, AslDiagram.block(definition)))
                .as("README.md's state machine diagram is out of date; redraw it with: ./mvnw -q -pl infra -am "
                        + "process-classes && java -cp \"infra/target/classes:$(cat infra/target/classpath.txt)\" "
                        + "dev.sparkburst.infra.workflow.AslDiagram " + Path.of("infra").resolve(EXPORTED) + " README.md")
                .isEqualTo(readme);
    }

    @Test
    void everyStateAndEveryTransitionOfTheDefinitionIsDrawn() throws Exception {
        JsonNode definition = Json.mapper().readTree(EXPORTED.toFile());
        String diagram = AslDiagram.mermaid(definition);

        int transitions = 0;
        for (JsonNode state : definition.path("States")) {
            transitions += state.path("Choices").size() + state.path("Catch").size()
                    + (state.has("Next") ? 1 : 0) + (state.has("Default") ? 1 : 0);
        }
        definition.path("States").fieldNames().forEachRemaining(name -> assertThat(diagram).contains(name));
        assertThat(diagram.lines().filter(line -> line.contains("-->") || line.contains("-.->")).count())
                .isEqualTo(transitions + 1L);
    }

    @Test
    void drawsChoicesWithTheirConditionsAndCatchesAsDottedEdges() throws Exception {
        JsonNode definition = Json.mapper().readTree("""
                {"StartAt": "Work", "States": {
                  "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:0:function:WorkHandler",
                           "Next": "Done?", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
                  "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.status", "StringEquals": "OK", "Next": "Ok"}],
                            "Default": "Work"},
                  "Ok": {"Type": "Succeed"},
                  "Failed": {"Type": "Fail"}}}""");

        assertThat(AslDiagram.mermaid(definition)).isEqualTo("""
                flowchart TD
                  start((start)) --> s0
                  s0["Work<br/>WorkHandler"]
                  s1{"Done?"}
                  s2(("Ok"))
                  s3(("Failed"))
                  s0 --> s1
                  s0 -.->|on States.ALL| s3
                  s1 -->|status = OK| s2
                  s1 -->|otherwise| s0
                """);
    }

    @Test
    void aTransitionToAnUndefinedStateIsAnError() throws Exception {
        JsonNode definition = Json.mapper().readTree("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}""");

        assertThatThrownBy(() -> AslDiagram.mermaid(definition)).hasMessageContaining("Nowhere");
    }
}
