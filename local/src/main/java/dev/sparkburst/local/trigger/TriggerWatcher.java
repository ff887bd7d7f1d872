package dev.sparkburst.local.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local counterpart of the EventBridge rule on the inbox bucket: polls the bucket under each trigger prefix
 * and emits an "Object Created" event for every write it sees: a new object, or one written again, even with the
 * same content (a new last-modified time), since on AWS every PUT is an Object Created event. Objects present when
 * the watcher starts do not fire, as S3 sends no events for what was there before a rule existed.
 *
 * <p>Listings ask for URL-encoded keys ({@code encoding-type=url}, decoded again by the SDK): a key holding a
 * control character cannot be carried in XML 1.0 otherwise, and one such upload would make every later listing
 * unreadable. Such a key still fires, and the orchestrator rejects it with a record naming the key.
 */
public final class TriggerWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerWatcher.class);

    private final S3Client s3;
    private final String bucket;
    private final List<String> prefixes;
    private final String region;
    private final Consumer<ObjectNode> sink;
    private final Clock clock;
    /** Per key, the last write seen: ETag and last-modified time. */
    private final Map<String, String> seen = new HashMap<>();
    private final ScheduledExecutorService poller;

    private TriggerWatcher(S3Client s3, String bucket, List<String> prefixes, String region,
                           Consumer<ObjectNode> sink, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefixes = List.copyOf(prefixes);
        this.region = Objects.requireNonNull(region, "region");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trigger-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes a snapshot of what is there now, then polls every {@code interval}; each event goes to {@code sink}
     * on the watcher's thread (the sink should hand long work to another thread).
     */
    public static TriggerWatcher start(S3Client s3, String bucket, List<String> prefixes, String region,
                                       Duration interval, Consumer<ObjectNode> sink, Clock clock) {
        TriggerWatcher watcher = new TriggerWatcher(s3, bucket, prefixes, region, sink, clock);
        watcher.poll(false);
        long millis = interval.toMillis();
        watcher.poller.scheduleWithFixedDelay(watcher::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
        LOG.info("watching s3://{}/ under {} every {}", bucket, prefixes, interval);
        return watcher;
    }

    private void pollQuietly() {
        try {
            poll(true);
        } catch (RuntimeException e) {
            LOG.warn("polling s3://{} for triggers failed; will retry: {}", bucket, e.toString());
        }
    }

    /** Lists each prefix once; emits events for changes when {@code emit}, else only remembers. */
    synchronized void poll(boolean emit) {
        for (String prefix : prefixes) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)
                    .encodingType(EncodingType.URL)).contents()) {
                String etag = object.eTag() == null ? "" : object.eTag();
                if (etag.isBlank()) {
                    // Still being written: S3Proxy's filesystem store lists its temporary file, without an ETag.
                    continue;
                }
                Instant written = object.lastModified() == null ? clock.instant() : object.lastModified();
                String before = seen.put(object.key(), etag + "@" + written.toEpochMilli());
                if (emit && !(etag + "@" + written.toEpochMilli()).equals(before) && !object.key().endsWith("/")) {
                    ObjectCreatedEvent event = new ObjectCreatedEvent(bucket, object.key(), object.size(), etag,
                            sequencer(written, etag), written);
                    LOG.info("s3://{}/{} arrived under a trigger prefix", bucket, object.key());
                    try {
                        sink.accept(event.toJson(region));
                    } catch (RuntimeException e) {
                        LOG.warn("trigger for s3://{}/{} failed: {}", bucket, object.key(), e.toString());
                    }
                }
            }
        }
    }

    /**
     * Like S3's sequencer: a hex string that grows with every write to a key (its last-modified time first) and is
     * the same whenever one write is seen again, so a second delivery of it is a duplicate, not a new run.
     */
    static String sequencer(Instant written, String etag) {
        return String.format("%016X%08X", written.toEpochMilli(), etag.replace("\"", "").hashCode());
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
