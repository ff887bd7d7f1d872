package dev.sparkburst.infra;

import static dev.sparkburst.infra.SynthesizedStacks.CONFIG;
import static dev.sparkburst.infra.SynthesizedStacks.WORKFLOW;
import static dev.sparkburst.infra.SynthesizedStacks.properties;
import static dev.sparkburst.infra.SynthesizedStacks.resources;
import static dev.sparkburst.infra.SynthesizedStacks.resourcesEverywhere;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.infra.stacks.JwsKeyStore;
import dev.sparkburst.core.contracts.RunMetricNames;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.infra.workflow.LogQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The functions' JSON log format and the workflow stack's dashboard, as synthesized. */
class ObservabilityTest {

    /** The Java functions of every stack (the CDK's own helper functions are not ours to configure). */
    private static List<JsonNode> javaFunctions() {
        return resourcesEverywhere("AWS::Lambda::Function").stream()
                .filter(f -> properties(f).path("Runtime").asText().startsWith("java"))
                .toList();
    }

    /** The dashboard body with every token ({@code Ref}, {@code Fn::GetAtt}) written as {@code <token>}. */
    private static JsonNode dashboardBody() throws Exception {
        List<JsonNode> dashboards = new ArrayList<>(resources(WORKFLOW, "AWS::CloudWatch::Dashboard").values());
        assertThat(dashboards).hasSize(1);
        JsonNode body = properties(dashboards.get(0)).path("DashboardBody");
        StringBuilder text = new StringBuilder();
        if (body.isTextual()) {
            text.append(body.asText());
        } else {
            for (JsonNode part : body.path("Fn::Join").path(1)) {
                text.append(part.isTextual() ? part.asText() : "<token>");
            }
        }
        return Json.mapper().readTree(text.toString());
    }

    @Test
    void everyJavaFunctionLogsJsonToItsOwnLogGroup() {
        List<JsonNode> functions = javaFunctions();

        // The eleven steps, the cluster stack's deploy guard and the workflow stack's JWS key writer.
        assertThat(functions).hasSize(13);
        assertThat(functions).allSatisfy(function -> {
            JsonNode logging = properties(function).path("LoggingConfig");
            assertThat(logging.path("LogFormat").asText()).as("%s", logging).isEqualTo("JSON");
            assertThat(logging.path("LogGroup").isMissingNode()).as("%s", logging).isFalse();
        });
        assertThat(resources(WORKFLOW, "AWS::Lambda::Function").values()).allSatisfy(function -> {
            JsonNode logging = properties(function).path("LoggingConfig");
            assertThat(logging.path("ApplicationLogLevel").asText()).isEqualTo("INFO");
            assertThat(logging.path("SystemLogLevel").asText()).isEqualTo("INFO");
        });
    }

    @Test
    void theDashboardGraphsEveryRunMetricOfThisDeploymentAndQueriesTheFunctionsLogs() throws Exception {
        JsonNode body = dashboardBody();
        Set<String> graphed = new TreeSet<>();
        List<JsonNode> queries = new ArrayList<>();
        for (JsonNode widget : body.path("widgets")) {
            JsonNode props = widget.path("properties");
            for (JsonNode metric : props.path("metrics")) {
                // [namespace, name, dimension, value, dimension, value, ..., {options}]
                assertThat(metric.path(0).asText()).isEqualTo(RunMetricNames.NAMESPACE);
                List<String> dimensions = new ArrayList<>();
                metric.forEach(part -> {
                    if (part.isTextual()) {
                        dimensions.add(part.asText());
                    }
                });
                int at = dimensions.indexOf(RunMetricNames.DEPLOYMENT);
                assertThat(at).as("%s", metric).isPositive();
                assertThat(dimensions.get(at + 1)).isEqualTo(CONFIG.name());
                graphed.add(metric.path(1).asText());
            }
            if (widget.path("type").asText().equals("log")) {
                queries.add(props);
            }
        }

        List<String> published = new ArrayList<>(RunMetricNames.BY_DEPLOYMENT);
        published.add(RunMetricNames.RUNS);
        assertThat(graphed).containsExactlyInAnyOrderElementsOf(published);
        assertThat(queries).hasSize(1);
        String query = queries.get(0).path("query").asText();
        assertThat(query).endsWith(LogQueries.FAILURES);
        // SOURCE '<log group>' | ... : one source per function a run calls (not the deploy-time key writer).
        int sources = query.split("SOURCE ", -1).length - 1;
        assertThat(sources).isEqualTo(resources(WORKFLOW, "AWS::Lambda::Function").values().stream()
                .filter(f -> !properties(f).path("Handler").asText().equals(JwsKeyStore.HANDLER)).count());
    }

    @Test
    void theDocsShowTheQueriesAsTheDashboardRunsThem() throws Exception {
        String docs = Files.readString(TestApps.ROOT.resolve(Path.of("docs", "observability.md")));

        assertThat(docs).contains(LogQueries.RUN).contains(LogQueries.FAILURES);
        // The README shows the run query inside a list item, indented.
        String readme = Files.readString(TestApps.ROOT.resolve("README.md"));
        assertThat(readme).contains(LogQueries.RUN.indent(2).stripTrailing());
    }
}
