package dev.sparkburst.core.contracts;

/**
 * The alias through which everything invokes a step function: infra points it at the function's newest published
 * version (SnapStart restores only published versions, never {@code $LATEST}), the state machine, the EventBridge
 * rules and the reaper invoke it, and local mode accepts it as the qualifier of the exported definition's ARNs.
 */
public final class FunctionAlias {

    /** The alias name: {@code arn:...:function:<name>:live}. */
    public static final String NAME = "live";

    private FunctionAlias() {
    }
}
