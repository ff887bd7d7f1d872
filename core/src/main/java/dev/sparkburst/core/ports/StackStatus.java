package dev.sparkburst.core.ports;

/** CloudFormation, as the deploy guard sees it: is a stack undoing a failed deployment right now? */
public interface StackStatus {

    /** Whether the stack is rolling back (its status ends with {@code ROLLBACK_IN_PROGRESS}). */
    boolean rollingBack(String stackId);
}
