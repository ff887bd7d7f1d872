package dev.sparkburst.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closing parts on the way down, where one failing to close must not keep the others open. */
final class Closeables {

    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    /** Closes {@code closeable} (null: nothing to close); a failure is logged, not thrown. */
    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", closeable.getClass().getSimpleName(), e);
        }
    }
}
