package dev.sparkburst.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The execution input a schedule starts: a named-job input with a {@code schedule} object naming the schedule and
 * the firing's scheduled time. Both schedulers deliver at least once; the scheduled time makes every firing
 * distinct, so a second delivery of one firing is a duplicate while the next firing is a new run.
 */
public final class ScheduledRuns {

    /** The input key of the schedule object. */
    public static final String SCHEDULE = "schedule";
    static final String ID = "id";
    static final String TIME = "time";

    private ScheduledRuns() {
    }

    /** Whether an execution input was started by a schedule. */
    public static boolean isScheduled(JsonNode input) {
        return input != null && input.isObject() && input.has(SCHEDULE);
    }

    /**
     * The firing an input names.
     *
     * @throws IllegalArgumentException naming the field when the schedule object is malformed
     */
    public static Firing firing(JsonNode input) {
        JsonNode schedule = input.get(SCHEDULE);
        if (schedule == null || !schedule.isObject()) {
            throw new IllegalArgumentException(SCHEDULE + ": expected {\"id\": ..., \"time\": ...}");
        }
        String id = schedule.path(ID).asText("");
        if (!schedule.path(ID).isTextual() || id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException(SCHEDULE + "." + ID + ": expected the schedule's name, such as"
                    + " nightly[0]");
        }
        String time = schedule.path(TIME).asText("");
        try {
            Instant scheduled = Instant.parse(time);
            if (schedule.size() != 2) {
                throw new IllegalArgumentException(SCHEDULE + ": only 'id' and 'time' are allowed");
            }
            return new Firing(id, scheduled);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(SCHEDULE + "." + TIME + ": expected an ISO-8601 instant such as"
                    + " 2026-11-29T02:00:00Z, got '" + time + "'");
        }
    }

    /** The input without its schedule object: the named job and its overrides. */
    public static ObjectNode jobInput(JsonNode input) {
        ObjectNode copy = ((ObjectNode) input).deepCopy();
        copy.remove(SCHEDULE);
        return copy;
    }

    /** One firing of one schedule. */
    public record Firing(String scheduleId, Instant time) {

        /** The same for every delivery of this firing, different for every other firing. */
        public String dedupeKey() {
            return "schedule:" + scheduleId + "@" + time;
        }
    }
}
