package dev.sparkburst.local.stepfunctions;

/** The ASL engine could not run: Node.js or the npm package is missing, or the node process broke down. */
public class AslEngineException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AslEngineException(String message) {
        super(message);
    }

    public AslEngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
