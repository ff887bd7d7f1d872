package dev.sparkburst.core.once;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made on first use, once, however many threads ask: for what is costly or has side effects to make
 * (an AWS client, a JDK HTTP client and its selector thread) and may not be needed at all.
 */
public final class Once<T> implements Supplier<T> {

    private final Supplier<T> factory;
    private volatile T value;

    private Once(Supplier<T> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    public static <T> Once<T> of(Supplier<T> factory) {
        return new Once<>(factory);
    }

    @Override
    public T get() {
        T result = value;
        if (result == null) {
            synchronized (this) {
                result = value;
                if (result == null) {
                    result = Objects.requireNonNull(factory.get(), "the factory made null");
                    value = result;
                }
            }
        }
        return result;
    }
}
