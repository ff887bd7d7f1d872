package dev.sparkburst.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkburst.core.json.Json;
import dev.sparkburst.core.run.RunState.ErrorInfo;

/**
 * Makes a Catch's {@code {Error, Cause}} readable. For an exception thrown by a Java Lambda, Step Functions
 * puts the exception class in {@code Error} and a JSON string {@code {"errorMessage","errorType",
 * "stackTrace"}} in {@code Cause}; people want the class's simple name and the message.
 */
public final class ErrorCauses {

    private ErrorCauses() {
    }

    /** The same failure with a short type and a plain message; idempotent. */
    public static ErrorInfo readable(ErrorInfo error) {
        if (error == null) {
            return null;
        }
        String type = error.error() == null || error.error().isBlank() ? "Error" : error.error();
        String cause = error.cause() == null ? "" : error.cause();
        JsonNode parsed = parse(cause);
        if (parsed != null && parsed.isObject() && (parsed.has("errorMessage") || parsed.has("errorType"))) {
            String errorType = parsed.path("errorType").asText("");
            if (!errorType.isBlank()) {
                type = errorType;
            }
            cause = parsed.path("errorMessage").asText("");
        }
        return new ErrorInfo(simpleName(type), cause);
    }

    /** {@code dev.sparkburst.X$Inner} becomes {@code Inner}; {@code States.Timeout} and the like stay. */
    static String simpleName(String type) {
        if (type.startsWith("States.") || type.startsWith("Lambda.") || !type.contains(".")) {
            return type;
        }
        String last = type.substring(type.lastIndexOf('.') + 1);
        last = last.substring(last.lastIndexOf('$') + 1);
        return last.isEmpty() || !Character.isUpperCase(last.charAt(0)) ? type : last;
    }

    private static JsonNode parse(String cause) {
        String trimmed = cause.trim();
        if (!trimmed.startsWith("{")) {
            return null;
        }
        try {
            return Json.mapper().readTree(trimmed);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
