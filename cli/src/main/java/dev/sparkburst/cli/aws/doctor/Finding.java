package dev.sparkburst.cli.aws.doctor;

import java.util.Objects;

/**
 * One result of {@code burst doctor}.
 *
 * @param check    which check: stacks, image, services, tasks, jws-key, state-machine, runs
 * @param severity how bad
 * @param subject  what was looked at (a stack, a service, an image, a role, ...)
 * @param message  what was found
 * @param fix      what to do about it; empty when nothing is to be done
 */
public record Finding(String check, Severity severity, String subject, String message, String fix) {

    /** OK and INFO need nothing; WARN and FAIL make the command end with {@code ExitCodes.DOCTOR_FINDINGS}. */
    public enum Severity {
        OK, INFO, WARN, FAIL;

        public boolean needsAction() {
            return this == WARN || this == FAIL;
        }
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(message, "message");
        fix = fix == null ? "" : fix;
        if (severity.needsAction() && fix.isBlank()) {
            throw new IllegalArgumentException("a " + severity + " finding needs a fix: " + message);
        }
    }

    static Finding ok(String check, String subject, String message) {
        return new Finding(check, Severity.OK, subject, message, "");
    }

    static Finding info(String check, String subject, String message) {
        return new Finding(check, Severity.INFO, subject, message, "");
    }

    static Finding warn(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.WARN, subject, message, fix);
    }

    static Finding fail(String check, String subject, String message, String fix) {
        return new Finding(check, Severity.FAIL, subject, message, fix);
    }
}
