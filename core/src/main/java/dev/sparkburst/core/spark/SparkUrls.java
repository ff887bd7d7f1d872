package dev.sparkburst.core.spark;

import java.net.URI;
import java.util.Objects;

/** Checks and normalizes the base URLs the clients are given. */
final class SparkUrls {

    private SparkUrls() {
    }

    /** An http(s) URL with a host, ending in "/" so that relative paths resolve below it. */
    static URI base(URI url, String name) {
        Objects.requireNonNull(url, name);
        String scheme = url.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException(name + " must be an http(s) URL, was " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(name + " must name a host, was " + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? url : URI.create(text + "/");
    }
}
