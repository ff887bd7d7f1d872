package dev.sparkburst.sparkimages.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The image's jars: the local SPARK_HOME's, each with only the native libraries the image's platform (linux/amd64,
 * infra's FargateTasks) can load. zstd-jni, snappy-java, lz4-java, netlib and a few others carry theirs for a dozen
 * platforms, ~12 MB compressed of which ~1 MB is for linux/amd64; local mode keeps them all, since a developer's
 * machine may be any of those platforms. Class files and every other entry are copied unchanged, in order, with
 * their times, so the result is the same from one build to the next (the image asset's hash stays put).
 *
 * <p>Usage: {@code ImageJars <SPARK_HOME/jars> <image context/jars>}; the target folder is written from scratch.
 */
public final class ImageJars {

    private static final Set<String> LIBRARY_SUFFIXES = Set.of(".so", ".dylib", ".jnilib", ".dll", ".a", ".sl");
    /** Path words that name another system than glibc Linux. */
    private static final Set<String> OTHER_SYSTEMS = Set.of("osx", "darwin", "mac", "macos", "macosx", "windows",
            "win", "win32", "win64", "freebsd", "openbsd", "netbsd", "aix", "sunos", "solaris", "android", "musl");
    /** Path words that name another architecture (after splitting at / - . _). */
    private static final Set<String> OTHER_ARCHITECTURE_WORDS = Set.of("arm", "armhf", "armel", "armv5", "armv6",
            "armv7", "arm64", "aarch64", "x86", "i386", "i586", "i686", "ppc", "ppc64", "ppc64le", "powerpc", "s390",
            "s390x", "sparc", "sparcv9", "riscv64", "mips", "mipsel", "mips64", "mips64el", "loongarch64", "ia64");
    /** Architecture names that contain a separator, so are looked for as they are. */
    private static final List<String> OTHER_ARCHITECTURE_NAMES = List.of("aarch_64", "ppc_64", "riscv_64");
    private static final List<String> THIS_ARCHITECTURE_NAMES = List.of("amd64", "x86_64", "x86-64");
    private static final Pattern SEPARATORS = Pattern.compile("[/\\-._]");

    private ImageJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ImageJars <SPARK_HOME/jars> <image context/jars>");
        }
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        Files.createDirectories(target);
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(target, "*.jar")) {
            for (Path jar : stale) {
                Files.delete(jar);
            }
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(source, "*.jar")) {
            for (Path jar : jars) {
                copy(jar, target.resolve(jar.getFileName().toString()));
            }
        }
    }

    /** Copies a jar, leaving out the native libraries of other platforms; a jar without any is copied as is. */
    static void copy(Path jar, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            if (zip.stream().noneMatch(entry -> foreignLibrary(entry.getName()))) {
                Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                return;
            }
            try (OutputStream file = Files.newOutputStream(target); ZipOutputStream out = new ZipOutputStream(file)) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    if (!foreignLibrary(entry.getName())) {
                        copyEntry(zip, entry, out);
                    }
                }
            }
            Files.setLastModifiedTime(target, Files.getLastModifiedTime(jar));
        }
    }

    private static void copyEntry(ZipFile zip, ZipEntry entry, ZipOutputStream out) throws IOException {
        byte[] content;
        try (InputStream in = zip.getInputStream(entry)) {
            content = in.readAllBytes();
        }
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        copy.setComment(entry.getComment());
        if (entry.getMethod() == ZipEntry.STORED) {
            CRC32 crc = new CRC32();
            crc.update(content);
            copy.setMethod(ZipEntry.STORED);
            copy.setSize(content.length);
            copy.setCompressedSize(content.length);
            copy.setCrc(crc.getValue());
        }
        out.putNextEntry(copy);
        out.write(content);
        out.closeEntry();
    }

    /**
     * Whether an entry is a native library for another platform than linux/amd64: a Windows or macOS library by
     * its suffix, or a library whose path names another system or another architecture. A library whose path names
     * neither (e.g. netty's {@code META-INF/native/libnetty_transport_native_epoll_x86_64.so}) is kept.
     */
    public static boolean foreignLibrary(String entryName) {
        String name = entryName.toLowerCase(Locale.ROOT);
        if (name.endsWith("/") || LIBRARY_SUFFIXES.stream().noneMatch(name::endsWith)) {
            return false;
        }
        if (name.endsWith(".dll") || name.endsWith(".dylib") || name.endsWith(".jnilib")) {
            return true;
        }
        List<String> words = List.of(SEPARATORS.split(name));
        if (words.stream().anyMatch(OTHER_SYSTEMS::contains)) {
            return true;
        }
        if (THIS_ARCHITECTURE_NAMES.stream().anyMatch(name::contains) || words.contains("x64")) {
            return false;
        }
        return OTHER_ARCHITECTURE_NAMES.stream().anyMatch(name::contains)
                || words.stream().anyMatch(OTHER_ARCHITECTURE_WORDS::contains);
    }
}
