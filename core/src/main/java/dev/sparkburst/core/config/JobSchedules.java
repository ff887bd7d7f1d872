package dev.sparkburst.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.schedule.CronSchedule;
import dev.sparkburst.core.schedule.JobSchedule;
import dev.sparkburst.core.schedule.ScheduledRuns;
import dev.sparkburst.core.jobspec.JobSpecs;
import dev.sparkburst.core.jobspec.PlaceholderValues;
import dev.sparkburst.core.jobspec.SpecLimits;
import dev.sparkburst.core.jobspec.SpecProblem;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code schedules} of named jobs ({@code jobs.<name>.schedules}): each a cron expression in EventBridge
 * Scheduler's syntax, an optional IANA time zone and optional overrides. Their shape (a list of at most ten, the
 * keys, their types) is the schema's; the cron syntax (cron-utils), the time zone and the run are checked here. A
 * schedule's run must be complete and valid with its overrides, so it is resolved by the spec rules, and every
 * problem names its key, such as {@code jobs.nightly.schedules[0].cron}.
 */
final class JobSchedules {

    static final String KEY = "schedules";
    private static final PlaceholderValues CHECK_VALUES =
            PlaceholderValues.withoutInput("schedule-check", "s3a://results/runs/schedule-check");

    private JobSchedules() {
    }

    /**
     * Takes the {@code schedules} key out of every job spec in {@code jobs} (it is configuration, not part of the
     * spec) and returns the schedules it held, raw, per job.
     */
    static Map<String, JsonNode> detach(Map<String, ObjectNode> jobs) {
        Map<String, JsonNode> raw = new java.util.LinkedHashMap<>();
        jobs.forEach((name, spec) -> {
            JsonNode schedules = spec.remove(KEY);
            if (schedules != null && !schedules.isNull()) {
                raw.put(name, schedules);
            }
        });
        return raw;
    }

    /** Reads and checks the detached schedules; problems go to {@code root}. */
    static List<JobSchedule> read(Section root, Map<String, JsonNode> raw, Map<String, ObjectNode> jobs,
                                  Optional<SpecLimits> limits) {
        List<JobSchedule> schedules = new ArrayList<>();
        raw.forEach((job, node) -> {
            Section jobSection = root.section("jobs").section(job);
            if (jobSection.rejected(KEY)) {
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                if (!jobSection.rejected(KEY + "[" + i + "]")) {
                    read(jobSection.item(KEY, i, node.get(i)), job, i, jobs, limits).ifPresent(schedules::add);
                }
            }
        });
        return schedules;
    }

    private static Optional<JobSchedule> read(Section schedule, String job, int index, Map<String, ObjectNode> jobs,
                                              Optional<SpecLimits> limits) {
        boolean valid = true;
        CronSchedule cron = null;
        Optional<String> expression = schedule.text("cron");
        if (expression.isEmpty()) {
            valid = false;
        } else {
            try {
                cron = CronSchedule.parse(expression.get());
            } catch (IllegalArgumentException e) {
                schedule.problem("cron", e.getMessage());
                valid = false;
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        Optional<String> timezone = schedule.text("timezone");
        if (timezone.isPresent()) {
            // EventBridge Scheduler takes IANA names only, not offsets such as +02:00.
            if (!ZoneId.getAvailableZoneIds().contains(timezone.get())) {
                schedule.problem("timezone", "expected an IANA time zone such as Europe/Paris or UTC, got '"
                        + timezone.get() + "'");
                valid = false;
            } else {
                zone = ZoneId.of(timezone.get());
            }
        }
        ObjectNode overrides = Json.mapper().createObjectNode();
        if (schedule.rejected("overrides")) {
            valid = false;
        } else if (schedule.has("overrides")) {
            overrides = ((ObjectNode) schedule.node().get("overrides")).deepCopy();
            for (String reserved : List.of(JobSpecs.JOB, ScheduledRuns.SCHEDULE)) {
                if (overrides.has(reserved)) {
                    schedule.problem("overrides." + reserved, "cannot be overridden: the schedule sets it");
                    overrides.remove(reserved);
                    valid = false;
                }
            }
        }
        if (limits.isPresent() && jobs.containsKey(job)) {
            ObjectNode input = overrides.deepCopy();
            input.put(JobSpecs.JOB, job);
            for (SpecProblem problem : JobSpecs.resolve(input, limits.get(), jobs, CHECK_VALUES).problems()) {
                String field = problem.field();
                boolean fromOverride = !field.isEmpty() && !field.equals("$")
                        && overrides.has(field.split("[.\\[]", 2)[0]);
                schedule.problem(fromOverride ? "overrides." + field : null, "a run of this schedule would be "
                        + "rejected: " + (fromOverride ? "" : field + ": ") + problem.reason());
                valid = false;
            }
        }
        return valid ? Optional.of(new JobSchedule(job, index, cron, zone, overrides)) : Optional.empty();
    }
}
