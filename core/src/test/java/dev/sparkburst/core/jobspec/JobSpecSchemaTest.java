package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sparkburst.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON Schema (for editors) and the validator (authoritative) must agree wherever the schema can say it. */
class JobSpecSchemaTest {

    static final String RESOURCE = "/dev/sparkburst/core/jobspec/job-spec.schema.json";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final JsonSchema SCHEMA = load();
    /** Wide limits, so examples are judged by the rules, not by one configuration's bounds. */
    private static final SpecLimits WIDE = new SpecLimits(1, 100, 1, Duration.ofMinutes(30), Duration.ofDays(2));

    private static JsonSchema load() {
        try (InputStream in = JobSpecSchemaTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            return FACTORY.getSchema(Json.mapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> validSpecs() {
        List<Arguments> specs = new ArrayList<>();
        SpecFixtures.VALID.forEach(text -> specs.add(Arguments.of("fixture " + SpecFixtures.json(text).path("name")
                .asText(SpecFixtures.json(text).path("job").asText()), text)));
        exampleSpecs().forEach(path -> specs.add(Arguments.of(path.toString(), read(path))));
        return specs.stream();
    }

    static Stream<Arguments> invalidSpecs() {
        return SpecFixtures.INVALID_FOR_BOTH.entrySet().stream().map(e -> Arguments.of(e.getValue(), e.getKey()));
    }

    @Test
    void theSchemaIsAValidDraft202012Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertThat(meta.validate(Json.mapper().readTree(in))).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSpecs")
    void theSchemaAndTheValidatorAcceptEveryValidSpec(String label, String text) {
        JsonNode spec = SpecFixtures.json(text);

        assertThat(SCHEMA.validate(spec)).as(label).isEmpty();
        SpecResolution resolution = JobSpecs.resolve(asSubmitted(spec), WIDE, SpecFixtures.namedJobs());
        assertThat(resolution.problems()).as(label).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpecs")
    void theSchemaAndTheValidatorRejectTheSameInvalidSpecs(String field, String text) {
        JsonNode spec = SpecFixtures.json(text);

        Set<ValidationMessage> messages = SCHEMA.validate(spec);
        assertThat(messages).as(text).isNotEmpty();
        assertThat(SpecFixtures.resolve(text).problems()).extracting(SpecProblem::field).contains(field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.sparkburst.core.jobspec.SpecFixtures#protectedKeys")
    void theSchemaRejectsEveryProtectedKeyTooInTheLetterCaseSparkUses(String key) {
        ObjectNode spec = (ObjectNode) SpecFixtures.json("""
                {"name": "x", "appResource": "s3://b-1/j.jar", "mainClass": "A"}""");
        spec.putObject("sparkConf").put(key, "x");

        assertThat(SCHEMA.validate(spec)).as(key).isNotEmpty();
    }

    @Test
    void theSchemaAcceptsALocalFileForTheCommandLineButTheValidatorDoesNot() {
        JsonNode spec = SpecFixtures.json("""
                {"name": "x", "appResource": "./target/job.jar", "mainClass": "A"}""");

        assertThat(SCHEMA.validate(spec)).isEmpty();
        assertThat(JobSpecs.resolve(spec, WIDE, Map.of()).problems()).extracting(SpecProblem::field)
                .containsExactly("appResource");
    }

    @Test
    void theSchemaKnowsEveryFieldTheValidatorKnows() {
        JsonNode properties = SCHEMA.getSchemaNode().path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);

        assertThat(names).containsExactlyInAnyOrderElementsOf(
                Stream.concat(JobSpecs.FIELDS.stream(), Stream.of(JobSpecs.JOB, JobSpecs.SCHEMA)).toList());
    }

    /** Example specs written for `burst run` may name a local jar, which the command line uploads first. */
    private static JsonNode asSubmitted(JsonNode spec) {
        ObjectNode copy = (ObjectNode) spec.deepCopy();
        String resource = spec.path("appResource").asText("");
        if (!resource.isEmpty()) {
            copy.put("appResource", uploaded(resource));
        }
        if (copy.get("pyFiles") instanceof ArrayNode files) {
            for (int i = 0; i < files.size(); i++) {
                files.set(i, TextNode.valueOf(uploaded(files.get(i).asText())));
            }
        }
        return copy;
    }

    /** Where `burst run` puts a local file (the jars/ prefix and the file name). */
    private static String uploaded(String resource) {
        if (resource.startsWith("s3://") || resource.startsWith("local://")) {
            return resource;
        }
        return "s3://spark-burst-artifacts/jars/" + Path.of(resource).getFileName();
    }

    /** {@code examples/*}{@code /*.json} files that are job specs (they name a main class or a job). */
    private static List<Path> exampleSpecs() {
        Path examples = Path.of("..", "examples");
        if (!Files.isDirectory(examples)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.walk(examples)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> !dir.toString().contains("target"))
                    .flatMap(JobSpecSchemaTest::jsonFiles)
                    .filter(path -> {
                        JsonNode node = SpecFixtures.json(read(path));
                        return node.isObject() && (node.has("mainClass") || node.has("job")
                                || node.path("appResource").asText("").endsWith(".py"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
