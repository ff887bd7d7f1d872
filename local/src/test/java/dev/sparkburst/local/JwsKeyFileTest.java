package dev.sparkburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwsKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyOf256BitsOnceAndReusesIt() throws Exception {
        Path file = JwsKeyFile.ensure(dir.resolve("state/jws.key"));
        String key = JwsKeyFile.read(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getUrlDecoder().decode(key)).hasSizeGreaterThanOrEqualTo(32);
        JwsKeyFile.ensure(file);
        assertThat(JwsKeyFile.read(file)).as("the second call keeps the key").isEqualTo(key);
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = JwsKeyFile.ensure(dir.resolve("jws.key"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> JwsKeyFile.read(file)).hasMessageContaining("owner only");
    }

    @Test
    void refusesAKeyShorterThan256Bits() throws Exception {
        Path file = dir.resolve("short.key");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]));

        assertThatThrownBy(() -> JwsKeyFile.read(file)).hasMessageContaining("128 bits");
    }
}
