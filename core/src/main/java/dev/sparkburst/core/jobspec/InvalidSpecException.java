package dev.sparkburst.core.jobspec;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a job spec cannot be built; carries every problem found, not only the first. */
public class InvalidSpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    public InvalidSpecException(List<SpecProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<SpecProblem> problems() {
        return problems;
    }

    private static String message(List<SpecProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid spec needs at least one problem");
        }
        return "invalid job spec: " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    }
}
