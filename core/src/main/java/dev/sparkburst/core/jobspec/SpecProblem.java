package dev.sparkburst.core.jobspec;

import java.util.Objects;

/**
 * One reason a job spec was rejected.
 *
 * @param field  where the problem is, as a JSON-path-like name: {@code workers}, {@code sparkConf.spark.master},
 *               {@code args[2]}, or {@code $} for the document as a whole
 * @param reason what is wrong, in words a user can act on
 */
public record SpecProblem(String field, String reason) {

    public SpecProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }

    /** {@code field: reason}, the form used in run records and error messages. */
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
