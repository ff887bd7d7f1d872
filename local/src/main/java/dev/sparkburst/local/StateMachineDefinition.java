package dev.sparkburst.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state machine definition exported by the infra module (AslExport), which local mode runs as is. */
final class StateMachineDefinition {

    private StateMachineDefinition() {
    }

    /** From the classpath, or else from the checkout's {@code infra/target/classes}. */
    static String load(Path projectRoot) {
        String resource = LocalDeployment.DEFINITION_RESOURCE;
        try (InputStream in = StateMachineDefinition.class.getResourceAsStream(resource)) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path built = projectRoot.resolve("infra/target/classes" + resource);
            if (Files.isRegularFile(built)) {
                return Files.readString(built);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition", e);
        }
        throw new IllegalStateException("the state machine definition " + resource
                + " is neither on the classpath nor in infra/target/classes; build the infra module");
    }
}
