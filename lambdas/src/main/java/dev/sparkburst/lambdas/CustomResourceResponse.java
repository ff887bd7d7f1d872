package dev.sparkburst.lambdas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Answers a CloudFormation custom resource request: a PUT of the response document to the request's pre-signed
 * {@code ResponseURL}. Without it CloudFormation waits an hour for the resource.
 */
public class CustomResourceResponse {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Sends the document; the pre-signed URL was signed without a content type, so none is sent. */
    public void send(URI responseUrl, ObjectNode document) throws IOException {
        byte[] body = document.toString().getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection = (HttpURLConnection) responseUrl.toURL().openConnection();
        try {
            connection.setRequestMethod("PUT");
            connection.setDoOutput(true);
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setRequestProperty("Content-Type", "");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new IOException("CloudFormation's response URL answered HTTP " + status);
            }
        } finally {
            connection.disconnect();
        }
    }
}
