package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.ClusterControl;
import dev.sparkburst.core.ports.ClusterSize;
import java.util.ArrayList;
import java.util.List;

/** Remembers the desired size and every scale call, in order. */
public final class InMemoryClusterControl implements ClusterControl {

    private ClusterSize desired = ClusterSize.ZERO;
    private final List<ClusterSize> calls = new ArrayList<>();

    @Override
    public synchronized void scale(ClusterSize size) {
        calls.add(size);
        desired = size;
    }

    @Override
    public synchronized ClusterSize desired() {
        return desired;
    }

    /** Every size asked for, oldest first. */
    public synchronized List<ClusterSize> calls() {
        return List.copyOf(calls);
    }
}
