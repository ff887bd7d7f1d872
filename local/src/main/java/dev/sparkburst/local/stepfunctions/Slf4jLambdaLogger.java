package dev.sparkburst.local.stepfunctions;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code context.getLogger()} of a locally invoked function: lines go to slf4j, logger {@code lambda.<name>}. */
final class Slf4jLambdaLogger implements LambdaLogger {

    private final Logger logger;

    Slf4jLambdaLogger(String functionName) {
        this.logger = LoggerFactory.getLogger("lambda." + Objects.requireNonNull(functionName, "functionName"));
    }

    @Override
    public void log(String message) {
        log(message, LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
    }

    @Override
    public void log(String message, LogLevel level) {
        // Handlers often end lines with a newline, as they would for CloudWatch; slf4j adds its own.
        String line = message == null ? "null" : message.stripTrailing();
        switch (level == null ? LogLevel.UNDEFINED : level) {
            case TRACE -> logger.trace(line);
            case DEBUG -> logger.debug(line);
            case WARN -> logger.warn(line);
            case ERROR, FATAL -> logger.error(line);
            default -> logger.info(line);
        }
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }
}
