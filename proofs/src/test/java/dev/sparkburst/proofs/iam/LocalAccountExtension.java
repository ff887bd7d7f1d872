package dev.sparkburst.proofs.iam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalAccount} for all the tests of a class, started before the first and stopped (its servers and its
 * state folder gone) after the last: {@code @RegisterExtension static final LocalAccountExtension ACCOUNT = ...}.
 */
final class LocalAccountExtension implements BeforeAllCallback, AfterAllCallback {

    private Path state;
    private LocalAccount account;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        state = Files.createTempDirectory("local-account-");
        account = LocalAccount.start(state);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (account != null) {
                account.close();
            }
        } finally {
            account = null;
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** The account's state folder, which the test class may also use for files of its own. */
    Path state() {
        if (state == null) {
            throw new IllegalStateException("the local account runs only while its test class does");
        }
        return state;
    }

    /** The account of the running test class. */
    LocalAccount account() {
        if (account == null) {
            throw new IllegalStateException("the local account runs only while its test class does");
        }
        return account;
    }
}
