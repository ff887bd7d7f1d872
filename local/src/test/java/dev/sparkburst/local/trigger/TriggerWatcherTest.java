package dev.sparkburst.local.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.jobspec.S3Triggers;
import dev.sparkburst.core.jobspec.Trigger;
import dev.sparkburst.core.jobspec.TriggerMatch;
import dev.sparkburst.local.Eventually;
import dev.sparkburst.local.FreePort;
import dev.sparkburst.local.LocalTools;
import dev.sparkburst.local.TestProject;
import dev.sparkburst.local.s3.S3Endpoint;
import dev.sparkburst.local.s3.S3ProxyServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The trigger watcher against a real S3Proxy: which uploads fire, and what the events look like. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TriggerWatcherTest {

    private static final String INBOX = "spark-burst-inbox";

    private S3ProxyServer server;
    private S3Client s3;

    @BeforeAll
    void startS3() {
        Path state = TestProject.freshStateDir("trigger-watcher");
        S3Endpoint endpoint = S3Endpoint.onLocalhost(FreePort.pick(), "test-access", "test-secret");
        server = S3ProxyServer.start(LocalTools.s3ProxyJar(), endpoint, state.resolve("s3"),
                state.resolve("s3proxy.properties"), state.resolve("s3proxy.log"), List.of(INBOX),
                Duration.ofSeconds(60));
        s3 = endpoint.client();
    }

    @AfterAll
    void stopS3() {
        s3.close();
        server.close();
        assertThat(server.isAlive()).isFalse();
    }

    @Test
    void emitsAnS3ObjectCreatedEventForNewAndRewrittenObjectsUnderATriggerPrefixOnly() {
        put("incoming/words/already-there.txt", "old");
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (TriggerWatcher watcher = TriggerWatcher.start(s3, INBOX, List.of("incoming/words/"), "us-east-1",
                Duration.ofMillis(200), events::add, Clock.systemUTC())) {
            put("elsewhere/ignored.txt", "x");
            put("incoming/words/new file ä.txt", "hello words");
            Eventually.until(Duration.ofSeconds(10), "one event", () -> events.size() == 1);
            put("incoming/words/new file ä.txt", "hello again, other words");
            Eventually.until(Duration.ofSeconds(10), "a second event", () -> events.size() == 2);
            sleep(600);
        }

        assertThat(events).hasSize(2);
        JsonNode first = events.get(0);
        assertThat(first.path("source").asText()).isEqualTo("aws.s3");
        assertThat(first.path("detail-type").asText()).isEqualTo("Object Created");
        assertThat(first.path("version").asText()).isEqualTo("0");
        assertThat(first.path("id").asText()).isNotBlank();
        assertThat(first.path("resources").get(0).asText()).isEqualTo("arn:aws:s3:::" + INBOX);
        JsonNode detail = first.path("detail");
        assertThat(detail.path("bucket").path("name").asText()).isEqualTo(INBOX);
        assertThat(detail.path("object").path("key").asText()).isEqualTo("incoming/words/new+file+%C3%A4.txt");
        assertThat(detail.path("object").path("size").asLong()).isEqualTo("hello words".length());
        assertThat(detail.path("object").path("etag").asText()).isNotBlank().doesNotContain("\"");
        assertThat(detail.path("reason").asText()).isEqualTo("PutObject");
        String secondSequencer = events.get(1).path("detail").path("object").path("sequencer").asText();
        assertThat(secondSequencer).isGreaterThan(detail.path("object").path("sequencer").asText());

        // The orchestrator's own parser maps it to the bound job, with the key decoded.
        Optional<TriggerMatch> match = S3Triggers.match(first, List.of(new Trigger("incoming/words/", "wc")), INBOX);
        assertThat(match).get().extracting(TriggerMatch::key).isEqualTo("incoming/words/new file ä.txt");
    }

    @Test
    void reUploadingIdenticalContentIsANewEventAsOnAwsWhereEveryPutIsObjectCreated() {
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (TriggerWatcher watcher = TriggerWatcher.start(s3, INBOX, List.of("incoming/same/"), "us-east-1",
                Duration.ofMillis(200), events::add, Clock.systemUTC())) {
            put("incoming/same/data.txt", "identical content");
            Eventually.until(Duration.ofSeconds(10), "the first event", () -> events.size() == 1);
            sleep(1100); // a later write: S3Proxy's last-modified times may be whole seconds
            put("incoming/same/data.txt", "identical content");
            Eventually.until(Duration.ofSeconds(10), "an event for the second, identical PUT",
                    () -> events.size() == 2);
            sleep(600);
        }
        assertThat(events).hasSize(2);
        JsonNode first = events.get(0).path("detail").path("object");
        JsonNode second = events.get(1).path("detail").path("object");
        assertThat(second.path("etag").asText()).isEqualTo(first.path("etag").asText());
        // Different writes, so the orchestrator's duplicate check (bucket, key, sequencer) sees two events.
        assertThat(second.path("sequencer").asText()).isGreaterThan(first.path("sequencer").asText());
    }

    @Test
    void aKeyWithAControlCharacterFiresOnceAndLeavesLaterUploadsWorking() {
        List<ObjectNode> events = new CopyOnWriteArrayList<>();
        try (TriggerWatcher watcher = TriggerWatcher.start(s3, INBOX, List.of("incoming/odd/"), "us-east-1",
                Duration.ofMillis(200), events::add, Clock.systemUTC())) {
            put("incoming/odd/bad\u0001key.txt", "x");
            Eventually.until(Duration.ofSeconds(10), "an event for the odd key", () -> events.size() == 1);
            put("incoming/odd/fine.txt", "y");
            Eventually.until(Duration.ofSeconds(10), "an event for the next upload", () -> events.size() == 2);
            sleep(600);
        }
        assertThat(events).hasSize(2);
        assertThat(events.get(0).path("detail").path("object").path("key").asText())
                .isEqualTo("incoming/odd/bad%01key.txt");
        assertThat(events.get(1).path("detail").path("object").path("key").asText())
                .isEqualTo("incoming/odd/fine.txt");
    }

    @Test
    void oneWriteSeenTwiceHasOneSequencerSoASecondDeliveryIsADuplicate() {
        java.time.Instant written = java.time.Instant.parse("2026-11-29T14:00:00.123Z");
        assertThat(TriggerWatcher.sequencer(written, "\"abc\"")).isEqualTo(TriggerWatcher.sequencer(written, "abc"));
        assertThat(TriggerWatcher.sequencer(written.plusMillis(1), "abc"))
                .isGreaterThan(TriggerWatcher.sequencer(written, "abc"));
    }

    private void put(String key, String content) {
        s3.putObject(r -> r.bucket(INBOX).key(key), RequestBody.fromString(content));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
