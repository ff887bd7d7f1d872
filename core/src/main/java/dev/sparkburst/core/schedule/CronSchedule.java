package dev.sparkburst.core.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronConstraintsFactory;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cron expression in EventBridge Scheduler's syntax: six fields, {@code minutes hours day-of-month month
 * day-of-week year}, with exactly one of day-of-month and day-of-week a '?'; written either bare
 * ({@code 0 2 * * ? *}) or as EventBridge writes it ({@code cron(0 2 * * ? *)}). The same text goes to EventBridge
 * Scheduler on AWS and to cron-utils for {@code burst local up}, so both fire at the same times.
 */
public final class CronSchedule {

    private static final Pattern WRAPPED = Pattern.compile("cron\\((.*)\\)");

    /**
     * EventBridge's cron fields as cron-utils defines them: day-of-week 1-7 from Sunday (as Quartz and AWS count),
     * L, W, LW and '#' where AWS allows them, years 1970-2199.
     */
    private static final CronDefinition AWS = CronDefinitionBuilder.defineCron()
            .withMinutes().withValidRange(0, 59).and()
            .withHours().withValidRange(0, 23).and()
            .withDayOfMonth().withValidRange(1, 31).supportsL().supportsW().supportsLW().supportsQuestionMark().and()
            .withMonth().withValidRange(1, 12).and()
            .withDayOfWeek().withValidRange(1, 7).withMondayDoWValue(2).supportsHash().supportsL()
            .supportsQuestionMark().and()
            .withYear().withValidRange(1970, 2199).and()
            .withCronValidation(CronConstraintsFactory.ensureEitherDayOfWeekOrDayOfMonth())
            .instance();
    private static final CronParser PARSER = new CronParser(AWS);

    private final String fields;
    private final ExecutionTime executionTime;

    private CronSchedule(String fields, ExecutionTime executionTime) {
        this.fields = fields;
        this.executionTime = executionTime;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String text = expression.strip();
        Matcher wrapped = WRAPPED.matcher(text);
        if (wrapped.matches()) {
            text = wrapped.group(1).strip();
        }
        String[] parts = text.split("\\s+");
        if (parts.length != 6) {
            throw new IllegalArgumentException("expected six fields (minutes hours day-of-month month day-of-week"
                    + " year), as EventBridge Scheduler reads them, such as '0 2 * * ? *'; got " + parts.length
                    + " in '" + expression + "'");
        }
        // AWS insists on exactly one '?': a value or '*' in one day field, '?' in the other.
        if (parts[2].equals("?") == parts[4].equals("?")) {
            throw new IllegalArgumentException("exactly one of day-of-month (3rd field) and day-of-week (5th field)"
                    + " must be '?', as EventBridge Scheduler requires; got '" + expression + "'");
        }
        String fields = String.join(" ", parts);
        try {
            Cron cron = PARSER.parse(fields);
            cron.validate();
            return new CronSchedule(fields, ExecutionTime.forCron(cron));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid cron expression '" + expression + "': "
                    + e.getMessage(), e);
        }
    }

    /** The six fields, normalized to single spaces. */
    public String fields() {
        return fields;
    }

    /** The expression as EventBridge Scheduler takes it: {@code cron(<fields>)}; also its JSON form. */
    @JsonValue
    public String awsExpression() {
        return "cron(" + fields + ")";
    }

    /** The first firing strictly after {@code time}, in its zone; empty when the expression never fires again. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return executionTime.nextExecution(time);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronSchedule that && fields.equals(that.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return awsExpression();
    }
}
