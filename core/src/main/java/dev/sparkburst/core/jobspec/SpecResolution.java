package dev.sparkburst.core.jobspec;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * The outcome of resolving a job spec: a spec when valid, otherwise every problem found.
 *
 * @param spec     the resolved spec, null when rejected
 * @param problems empty when valid
 */
public record SpecResolution(JobSpec spec, List<SpecProblem> problems) {

    public SpecResolution {
        problems = problems == null ? List.of() : List.copyOf(problems);
        if (spec == null && problems.isEmpty()) {
            throw new IllegalArgumentException("a rejected spec needs at least one problem");
        }
        if (spec != null && !problems.isEmpty()) {
            throw new IllegalArgumentException("a valid spec has no problems");
        }
    }

    public static SpecResolution valid(JobSpec spec) {
        return new SpecResolution(spec, List.of());
    }

    public static SpecResolution rejected(List<SpecProblem> problems) {
        return new SpecResolution(null, problems);
    }

    @JsonIgnore
    public boolean isValid() {
        return spec != null;
    }
}
