package dev.sparkburst.lambdas.fakes;

import dev.sparkburst.core.ports.Notifier;
import dev.sparkburst.core.run.RunRecord;
import java.util.ArrayList;
import java.util.List;

/** Keeps every notification. */
public final class RecordingNotifier implements Notifier {

    private final List<RunRecord> sent = new ArrayList<>();

    @Override
    public synchronized void runEnded(RunRecord record) {
        sent.add(record);
    }

    public synchronized List<RunRecord> sent() {
        return List.copyOf(sent);
    }
}
