package dev.sparkburst.core.config;

import java.util.Objects;
import java.util.Optional;

/** @param email an address subscribed to the run notification topic, if any */
public record NotificationSettings(Optional<String> email) {

    public NotificationSettings {
        Objects.requireNonNull(email, "email");
    }
}
