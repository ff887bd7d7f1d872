package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.DriverKiller;
import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.ports.ResultStore;
import dev.sparkburst.core.ports.RunExecutions;
import dev.sparkburst.core.ports.RunHistory;
import dev.sparkburst.core.ports.RunQueue;
import dev.sparkburst.core.ports.SparkCluster;
import dev.sparkburst.lambdas.Ports;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Ports every one of which fails the test when used, the clock included, and remembers the use: for handlers that
 * must answer without touching anything (warm-ups).
 */
public final class UntouchablePorts {

    private final List<String> touched = Collections.synchronizedList(new ArrayList<>());

    /** Every port method called so far, as {@code Port.method}. */
    public List<String> touched() {
        return List.copyOf(touched);
    }

    /** The test configuration's settings; every other port fails when used. */
    public Ports ports() {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                touched.add("Clock.instant");
                throw new AssertionError("the clock was read");
            }
        };
        return new Ports(FakePorts.settings(), untouchable(ClusterControl.class), untouchable(RunQueue.class),
                untouchable(RunHistory.class), untouchable(ResultStore.class), untouchable(SparkCluster.class),
                untouchable(Notifier.class), clock, untouchable(RunExecutions.class), untouchable(DriverKiller.class));
    }

    private <T> T untouchable(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> port.getSimpleName();
                };
            }
            touched.add(port.getSimpleName() + "." + method.getName());
            throw new AssertionError(port.getSimpleName() + "." + method.getName() + " was called");
        }));
    }
}
