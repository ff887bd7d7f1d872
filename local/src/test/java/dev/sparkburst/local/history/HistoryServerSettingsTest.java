package dev.sparkburst.local.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparkburst.local.s3.S3Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HistoryServerSettingsTest {

    private static final S3Endpoint S3 = S3Endpoint.onLocalhost(19000, "local-access-key", "local-secret-key");
    private static final String LOGS = "s3a://spark-burst-results/eventlogs/";

    private static HistoryServerSettings settings(String logDirectory, int port) {
        return new HistoryServerSettings(Path.of("spark-home"), Path.of("work"), EventLogAccess.of(S3), logDirectory, port,
                Duration.ofSeconds(2));
    }

    @Test
    void givesTheServerTheSameS3aSettingsAsTheSparkNodesAndTheEventLogFolder() {
        HistoryServerSettings settings = settings(LOGS, 18080);

        assertThat(settings.properties()).containsAllEntriesOf(S3.s3aProperties())
                .containsEntry("spark.history.fs.logDirectory", LOGS)
                .containsEntry("spark.history.ui.port", "18080")
                .containsEntry("spark.history.fs.update.interval", "2000ms")
                .containsEntry("spark.port.maxRetries", "0");
        assertThat(settings.baseUrl()).isEqualTo("http://127.0.0.1:18080");
    }

    @Test
    void takesOnlyS3aSettingsFromTheAccessSoThatItCannotOverrideTheServersOwn() {
        assertThatThrownBy(() -> new EventLogAccess(java.util.Map.of("spark.history.fs.logDirectory", "s3a://x/"),
                java.util.Map.of(), java.util.List.of(), java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spark.history.fs.logDirectory");
    }

    @Test
    void rejectsALogDirectoryThatIsNotAnS3aUri() {
        assertThatThrownBy(() -> settings("s3://spark-burst-results/eventlogs/", 18080))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logDirectory");
    }

    @Test
    void rejectsAPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> settings(LOGS, 70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("70000");
    }

    @Test
    void pointsAtTheJobsPageOfAnApplicationAndItsAttemptWhenThereIsOne() {
        HistoryApplication plain = new HistoryApplication("app-1", "wc-local-1", null, true, Instant.EPOCH);
        HistoryApplication attempt = new HistoryApplication("app-2", "wc-local-2", "1", false, null);

        assertThat(plain.jobsUrl("http://127.0.0.1:18080")).isEqualTo("http://127.0.0.1:18080/history/app-1/jobs/");
        assertThat(attempt.jobsUrl("http://127.0.0.1:18080"))
                .isEqualTo("http://127.0.0.1:18080/history/app-2/1/jobs/");
    }

    @Test
    void recognisesTheApplicationNamedForARunByItsRunIdAfterTheSpecName() {
        HistoryApplication app = new HistoryApplication("app-1", "wordcount-local-20250101-120000-ab12", null, true,
                null);

        assertThat(app.namedFor("local-20250101-120000-ab12")).isTrue();
        assertThat(app.namedFor("local-20250101-120000-ab13")).isFalse();
        assertThat(app.namedFor("local-20250101-120000-ab1")).isFalse();
        assertThat(app.namedFor("")).isFalse();
        assertThat(new HistoryApplication("app-2", "spark-burst word count", null, true, null)
                .namedFor("local-20250101-120000-ab12")).isFalse();
    }
}
