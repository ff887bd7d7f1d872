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

    static <T> T of(Class<T> port, Supplier<T> factory) {
        Supplier<T> once = memoize(factory);
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
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
