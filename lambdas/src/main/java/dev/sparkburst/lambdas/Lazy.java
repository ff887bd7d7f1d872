package dev.sparkburst.lambdas;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import dev.sparkburst.core.once.Once;
import java.util.function.Supplier;

/**
 * A port built on first use. Each function needs only some ports, and some need settings (a topic, a
 * secret) that only their function has, so nothing is built or read before it is used.
 */
final class Lazy {

    private Lazy() {
    }

    /** A lazy port: {@link #build()} makes it now instead of on first use (Priming, in Lambda's init phase). */
    interface Built {
        void build();
    }

    /** Builds {@code port} now if it is lazy; a port that is not (local mode, tests) is already built. */
    static void build(Object port) {
        if (port instanceof Built lazy) {
            lazy.build();
        }
    }

    static <T> T of(Class<T> port, Supplier<T> factory) {
        Supplier<T> once = memoize(factory);
        Object proxy = Proxy.newProxyInstance(Lazy.class.getClassLoader(), new Class<?>[] {port, Built.class},
                (self, method, args) -> {
            if (method.getDeclaringClass() == Built.class) {
                once.get();
                return null;
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "lazy " + port.getSimpleName();
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            try {
                return method.invoke(once.get(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return port.cast(proxy);
    }

    static <T> Supplier<T> memoize(Supplier<T> factory) {
        return Once.of(factory);
    }
}
