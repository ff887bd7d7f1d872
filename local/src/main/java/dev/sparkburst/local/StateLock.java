package dev.sparkburst.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local stack per state folder: the process that starts one holds an OS lock on {@code <state>/lock} for as
 * long as it runs (the OS drops it when the process dies, however it dies). Whoever gets the lock also knows that
 * any process still naming the state folder was left behind by a stack that crashed, and stops it.
 */
final class StateLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(StateFolder state) {
        Path file = state.root().resolve("lock");
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another process runs a local stack on " + state.root()
                        + "; use it (burst local status) or stop it first");
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)));
            return new StateLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    /** Stops processes a crashed stack left behind: those whose command line names the state folder. */
    static int stopLeftovers(StateFolder state) {
        String marker = state.root().toString() + "/";
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
        for (ProcessHandle process : leftovers) {
            LOG.warn("stopping pid {} left behind by an earlier local stack: {}", process.pid(),
                    process.info().commandLine().orElse("?"));
            ProcessTree.stop(process, Duration.ofSeconds(5));
        }
        return leftovers.size();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot release the state folder lock", e);
        }
    }
}
