package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The files in config/ and config.schema.json agree with each other and with the loader. */
class ConfigFilesTest {

    /** Tests run in the core module's folder; config/ is beside it. */
    static final Path CONFIG_DIR = Path.of("..", "config").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    static Stream<Path> configFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CONFIG_DIR)) {
            files = list.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString())
                .contains("local.yaml", "dev.yaml", "prod.example.yaml");
        return files.stream();
    }

    private static JsonSchema schema() throws IOException {
        JsonNode schema = YAML.readTree(CONFIG_DIR.resolve("config.schema.json").toFile());
        SchemaValidatorsConfig options = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema, options);
    }

    @ParameterizedTest
    @MethodSource("configFiles")
    void everyConfigFileLoads(Path file) {
        BurstConfig config = ConfigLoader.load(file);

        assertThat(config.name()).isEqualTo(file.getFileName().toString().replace(".yaml", ""));
    }

    @ParameterizedTest
    @MethodSource("configFiles")
    void everyConfigFileMatchesTheSchema(Path file) throws IOException {
        Set<ValidationMessage> errors = schema().validate(YAML.readTree(file.toFile()));

        assertThat(errors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "workers: {maximum: 3}",
        "workers: {max: ten}",
        "workers: {max: 101}",
        "runs: {pollInterval: 10 seconds}",
        "cluster: {worker: {capacity: EC2}}",
        "cluster: {master: {cpu: 3072}}",
        "logs: {retentionDays: 10}",
        "notifications: {email: not-an-address}",
        "triggers: [{prefix: in/}]",
        "sparkDefaults: {executor.memory: 2g}",
        "spark: {version: \"3.5.1\"}",
        "network: {loadBalancer: \"yes\"}",
        "network: {loadBalancer: false, allowedCidrs: [10.1.0.0/16]}",
        "network: {loadBalancer: true}",
        "network: {allowedCidrs: [203.0.113.0/24]}",
        "network: {allowedCidrs: [\"2001:db8::/32\"]}"
    })
    void theSchemaRejectsWhatTheLoaderRejects(String yaml, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);

        assertThat(schema().validate(YAML.readTree(yaml))).as("schema errors").isNotEmpty();
        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void theSchemaDefaultsAreTheLoaderDefaults(@TempDir Path dir) throws IOException {
        JsonNode schema = YAML.readTree(CONFIG_DIR.resolve("config.schema.json").toFile());
        ObjectNode defaults = defaults(schema, schema);
        Path fromSchema = Files.createDirectories(dir.resolve("a")).resolve("same.yaml");
        Path empty = Files.createDirectories(dir.resolve("b")).resolve("same.yaml");
        Files.writeString(fromSchema, YAML.writeValueAsString(defaults));
        Files.writeString(empty, "");

        assertThat(countLeaves(defaults)).as("defaults found in the schema").isGreaterThan(30);
        assertThat(ConfigLoader.load(fromSchema)).isEqualTo(ConfigLoader.load(empty));
    }

    @Test
    void everySchemaPropertyHasADescription() throws IOException {
        JsonNode schema = YAML.readTree(CONFIG_DIR.resolve("config.schema.json").toFile());
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, "", undocumented);

        assertThat(undocumented).isEmpty();
    }

    /** A document with every leaf default of the schema, following local $refs. */
    private static ObjectNode defaults(JsonNode root, JsonNode schema) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
            JsonNode definition = property.getValue();
            if (definition.has("properties")) {
                document.set(property.getKey(), defaults(root, definition));
            } else if (definition.has("default")) {
                document.set(property.getKey(), definition.get("default"));
            }
        }
        return document;
    }

    private static int countLeaves(JsonNode node) {
        if (!node.isObject()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : node) {
            count += countLeaves(child);
        }
        return count;
    }

    private static void collectUndocumented(JsonNode schema, String path, List<String> undocumented) {
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            String childPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
            if (!property.getValue().hasNonNull("description")) {
                undocumented.add(childPath);
            }
            collectUndocumented(property.getValue(), childPath, undocumented);
        }
        JsonNode items = schema.path("items");
        if (items.isObject()) {
            collectUndocumented(items, path + "[]", undocumented);
        }
    }
}
