package dev.sparkburst.core.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.jobspec.JobSpecs;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One schedule of a named job ({@code jobs.<name>.schedules[<index>]} in the configuration): when it fires, the
 * state machine starts with {@code {"job": <name>, ...overrides, "schedule": {"id": ..., "time": ...}}}.
 *
 * @param job       the named job it starts
 * @param index     its position in the job's {@code schedules} list; with the job, it identifies the schedule
 * @param cron      when it fires
 * @param zone      the time zone the cron fields are read in (UTC unless configured)
 * @param overrides fields that replace the job's, as in a {@code {"job": ...}} input; never {@code job} or
 *                  {@code schedule}
 */
public record JobSchedule(String job, int index, CronSchedule cron, ZoneId zone, ObjectNode overrides) {

    public JobSchedule {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(zone, "zone");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, was " + index);
        }
        overrides = overrides == null ? Json.mapper().createObjectNode() : overrides.deepCopy();
        if (overrides.has(JobSpecs.JOB) || overrides.has(ScheduledRuns.SCHEDULE)) {
            throw new IllegalArgumentException("overrides must not set '" + JobSpecs.JOB + "' or '"
                    + ScheduledRuns.SCHEDULE + "'");
        }
    }

    /** Names the schedule in its runs' input and records: {@code <job>[<index>]}, as the configuration lists it. */
    public String id() {
        return job + "[" + index + "]";
    }

    @Override
    public ObjectNode overrides() {
        return overrides.deepCopy();
    }

    /**
     * The execution input of one firing. {@code time} is the firing's scheduled time as ISO-8601 text, or on AWS
     * EventBridge Scheduler's {@code <aws.scheduler.scheduled-time>}, which it replaces with the same text.
     */
    public ObjectNode input(String time) {
        ObjectNode input = Json.mapper().createObjectNode().put(JobSpecs.JOB, job);
        input.setAll(overrides.deepCopy());
        input.putObject(ScheduledRuns.SCHEDULE).put(ScheduledRuns.ID, id()).put(ScheduledRuns.TIME, time);
        return input;
    }
}
