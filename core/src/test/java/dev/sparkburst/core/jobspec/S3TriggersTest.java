package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.sparkburst.core.jobspec.SpecFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3TriggersTest {

    private static final String INBOX = "spark-burst-inbox";
    private static final List<Trigger> TRIGGERS = List.of(
            new Trigger("incoming/", "word-count"),
            new Trigger("incoming/iris/", "iris-logreg"));

    /** An event as EventBridge delivers it for a PutObject. */
    private static ObjectNode event(String bucket, String key, String sequencer, String id) {
        return (ObjectNode) json("""
                {"version": "0", "id": "%s", "detail-type": "Object Created", "source": "aws.s3",
                 "account": "123456789012", "time": "2026-11-20T10:00:00Z", "region": "eu-west-1",
                 "resources": ["arn:aws:s3:::%s"],
                 "detail": {"version": "0", "bucket": {"name": "%s"},
                            "object": {"key": "%s", "size": 1024, "etag": "b1946ac92492d2347c6235b4d2611184",
                                       "sequencer": "%s"},
                            "request-id": "57H08PA84AB1JZW0", "requester": "123456789012",
                            "source-ip-address": "198.51.100.7", "reason": "PutObject"}}
                """.formatted(id, bucket, bucket, key, sequencer));
    }

    private static ObjectNode event(String key) {
        return event(INBOX, key, "00617F08299329D189", "17793124-05d4-b198-2fde-7ededc63b103");
    }

    @Test
    void mapsAnUploadUnderATriggerPrefixToItsNamedJob() {
        TriggerMatch match = S3Triggers.match(event("incoming/data.txt"), TRIGGERS, INBOX).orElseThrow();

        assertThat(match.job()).isEqualTo("word-count");
        assertThat(match.bucket()).isEqualTo(INBOX);
        assertThat(match.key()).isEqualTo("incoming/data.txt");
        assertThat(match.inputUri()).isEqualTo("s3a://spark-burst-inbox/incoming/data.txt");
    }

    @Test
    void theLongestMatchingPrefixWins() {
        assertThat(S3Triggers.match(event("incoming/iris/iris.csv"), TRIGGERS, INBOX))
                .map(TriggerMatch::job).contains("iris-logreg");
        List<Trigger> reversed = List.of(TRIGGERS.get(1), TRIGGERS.get(0));
        assertThat(S3Triggers.match(event("incoming/iris/iris.csv"), reversed, INBOX))
                .map(TriggerMatch::job).contains("iris-logreg");
    }

    @Test
    void decodesUrlEncodedKeys() {
        TriggerMatch match = S3Triggers.match(event("incoming/iris/my+data%282%29+%C3%A9t%C3%A9.csv"), TRIGGERS, INBOX)
                .orElseThrow();

        assertThat(match.key()).isEqualTo("incoming/iris/my data(2) été.csv");
        assertThat(match.inputUri()).isEqualTo("s3a://spark-burst-inbox/incoming/iris/my data(2) été.csv");
    }

    @Test
    void matchesAPrefixOnlyAfterDecodingTheKey() {
        List<Trigger> triggers = List.of(new Trigger("new data/", "word-count"));
        assertThat(S3Triggers.match(event("new+data/x.csv"), triggers, INBOX)).isPresent();
    }

    @Test
    void ignoresFolderMarkers() {
        assertThat(S3Triggers.match(event("incoming/iris/"), TRIGGERS, INBOX)).isEmpty();
        assertThat(S3Triggers.match(event("incoming/sub/"), TRIGGERS, INBOX)).isEmpty();
    }

    @Test
    void ignoresKeysUnderNoTrigger() {
        assertThat(S3Triggers.match(event("other/data.txt"), TRIGGERS, INBOX)).isEmpty();
        assertThat(S3Triggers.match(event("incomingx.txt"), TRIGGERS, INBOX)).isEmpty();
    }

    @Test
    void ignoresUploadsToAnotherBucket() {
        ObjectNode other = event("spark-burst-results", "incoming/data.txt", "00617F08299329D189", "id-1");
        assertThat(S3Triggers.match(other, TRIGGERS, INBOX)).isEmpty();
    }

    @Test
    void ignoresOtherS3EventTypes() {
        ObjectNode deleted = event("incoming/data.txt").put("detail-type", "Object Deleted");

        assertThat(S3Triggers.isS3Event(deleted)).isTrue();
        assertThat(S3Triggers.match(deleted, TRIGGERS, INBOX)).isEmpty();
    }

    @Test
    void ignoresEventsFromOtherSources() {
        ObjectNode fromElsewhere = event("incoming/data.txt").put("source", "my.app");

        assertThat(S3Triggers.isS3Event(fromElsewhere)).isFalse();
        assertThat(S3Triggers.match(fromElsewhere, TRIGGERS, INBOX)).isEmpty();
    }

    @Test
    void aJobSpecIsNotAnS3Event() {
        assertThat(S3Triggers.isS3Event(json(SpecFixtures.IRIS))).isFalse();
        assertThat(S3Triggers.isS3Event(json("{\"job\": \"word-count\", \"source\": \"aws.s3\"}"))).isFalse();
        assertThat(S3Triggers.isS3Event(null)).isFalse();
    }

    @Test
    void aDuplicateDeliveryOfTheSameEventHasTheSameDedupeKey() {
        JsonNode first = event("incoming/data.txt");
        JsonNode again = first.deepCopy();

        String one = S3Triggers.match(first, TRIGGERS, INBOX).orElseThrow().dedupeKey();
        String two = S3Triggers.match(again, TRIGGERS, INBOX).orElseThrow().dedupeKey();

        assertThat(two).isEqualTo(one);
    }

    @Test
    void aReUploadOfTheSameKeyHasADifferentDedupeKey() {
        JsonNode first = event(INBOX, "incoming/data.txt", "00617F08299329D189", "id-1");
        JsonNode reUpload = event(INBOX, "incoming/data.txt", "00617F0829A1B2C3D4", "id-2");

        assertThat(S3Triggers.match(reUpload, TRIGGERS, INBOX).orElseThrow().dedupeKey())
                .isNotEqualTo(S3Triggers.match(first, TRIGGERS, INBOX).orElseThrow().dedupeKey());
    }

    @Test
    void theSameWriteReportedUnderTwoEventIdsIsStillOneWrite() {
        JsonNode first = event(INBOX, "incoming/data.txt", "00617F08299329D189", "id-1");
        JsonNode second = event(INBOX, "incoming/data.txt", "00617F08299329D189", "id-2");

        assertThat(S3Triggers.match(second, TRIGGERS, INBOX).orElseThrow().dedupeKey())
                .isEqualTo(S3Triggers.match(first, TRIGGERS, INBOX).orElseThrow().dedupeKey());
    }

    @Test
    void fallsBackToTheEventIdWithoutASequencer() {
        ObjectNode first = event("incoming/data.txt");
        ((ObjectNode) first.path("detail").path("object")).remove("sequencer");
        ObjectNode redelivered = first.deepCopy();
        ObjectNode other = first.deepCopy().put("id", "another-event");

        String key = S3Triggers.match(first, TRIGGERS, INBOX).orElseThrow().dedupeKey();

        assertThat(key).isEqualTo("event:17793124-05d4-b198-2fde-7ededc63b103");
        assertThat(S3Triggers.match(redelivered, TRIGGERS, INBOX).orElseThrow().dedupeKey()).isEqualTo(key);
        assertThat(S3Triggers.match(other, TRIGGERS, INBOX).orElseThrow().dedupeKey()).isNotEqualTo(key);
    }

    @Test
    void rejectsAnEventWithNeitherSequencerNorId() {
        ObjectNode event = event("incoming/data.txt");
        ((ObjectNode) event.path("detail").path("object")).remove("sequencer");
        event.remove("id");

        assertThatThrownBy(() -> S3Triggers.match(event, TRIGGERS, INBOX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("detail.object.sequencer: missing");
    }

    @Test
    void rejectsAnObjectCreatedEventWithoutAKey() {
        ObjectNode event = event("incoming/data.txt");
        ((ObjectNode) event.path("detail").path("object")).remove("key");

        assertThatThrownBy(() -> S3Triggers.match(event, TRIGGERS, INBOX))
                .hasMessage("detail.object.key: missing in an Object Created event");
    }

    @Test
    void rejectsABadlyEncodedKey() {
        assertThatThrownBy(() -> S3Triggers.match(event("incoming/%zz.csv"), TRIGGERS, INBOX))
                .hasMessageStartingWith("detail.object.key: not a URL-encoded key");
    }

    @Test
    void rejectsAKeyWithAControlCharacterNamingTheKeyAndTheCharacter() {
        assertThatThrownBy(() -> S3Triggers.match(event("incoming/bad%01key.csv"), TRIGGERS, INBOX))
                .hasMessage("detail.object.key: 'incoming/bad\\u0001key.csv' holds the control character U+0001"
                        + " at position 12; such a key starts no run (rename the object)");
    }

    @Test
    void decodesAThousandCharacterKeyOfSpacesAndUnicodeAsS3EncodesIt() {
        StringBuilder key = new StringBuilder("incoming/");
        while (key.length() < 1000) {
            key.append(key.length() % 100 == 0 ? "/" : key.length() % 7 == 0 ? " " : key.length() % 5 == 0 ? "é" : "a");
        }
        String encoded = java.net.URLEncoder.encode(key.toString(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("%2F", "/");
        assertThat(encoded).contains("+").contains("%C3%A9");

        TriggerMatch match = S3Triggers.match(event(encoded), TRIGGERS, INBOX).orElseThrow();

        assertThat(match.key()).isEqualTo(key.toString()).hasSize(1000);
        assertThat(match.inputUri()).isEqualTo("s3a://spark-burst-inbox/" + key);
    }

    @Test
    void aTriggeredRunResolvesToTheNamedJobWithTheUploadAsInput() {
        TriggerMatch match = S3Triggers.match(event("incoming/data.txt"), TRIGGERS, INBOX).orElseThrow();
        ObjectNode input = (ObjectNode) json("{}").deepCopy();
        input.put("job", match.job());
        PlaceholderValues values = new PlaceholderValues("run-1", "s3a://spark-burst-results/runs/run-1",
                match.inputUri());

        SpecResolution resolution = JobSpecs.resolve(input, SpecFixtures.LIMITS, SpecFixtures.namedJobs(), values);

        assertThat(resolution.spec().args()).containsExactly("s3a://spark-burst-inbox/incoming/data.txt",
                "s3a://spark-burst-results/runs/run-1/counts");
        assertThat(Optional.of(resolution.spec().name())).contains("word-count");
    }
}
