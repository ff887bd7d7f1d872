package dev.sparkburst.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A Python job's pure-Python dependencies, from a {@code requirements.txt} beside its script: {@code burst run}
 * installs them with pip from PyPI (wheels only, as pinned by the user's file, hashes honoured when it has them)
 * into a folder, packs that folder into one zip and adds it to the spec's {@code pyFiles}, so that the driver and
 * the executors import them as they import the job's own modules.
 *
 * <p>Only pure-Python packages can travel this way: a wheel with native code is built for this machine, not for
 * the cluster's nodes, so a package holding one is refused, naming it. The image ships numpy; other native
 * packages need a custom image (docs/image.md).
 */
public final class PythonDependencies {

    /** The file name looked for beside a Python job's script. */
    public static final String REQUIREMENTS = "requirements.txt";
    private static final List<String> NATIVE_SUFFIXES = List.of(".so", ".pyd", ".dylib", ".dll");
    private static final long PIP_TIMEOUT_MINUTES = 10;
    /** Entries get this time so that the same packages always make the same zip (and the same upload key). */
    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L);

    private PythonDependencies() {
    }

    /**
     * When the spec's appResource is a local {@code .py} file with a requirements.txt beside it: the spec with the
     * packed dependencies' zip (a local file, uploaded with the others) added to pyFiles. Otherwise the spec as is.
     *
     * @param python the interpreter whose pip installs the packages
     * @param workDir where the zip is written
     */
    public static Optional<Path> pack(ObjectNode spec, Path specDir, Path workingDir, Path python, Path workDir)
            throws IOException {
        JsonNode app = spec.get(SpecArtifacts.APP_RESOURCE);
        if (app == null || !app.isTextual() || !app.asText().endsWith(".py") || !SpecArtifacts.isLocalFile(app.asText())) {
            return Optional.empty();
        }
        Path script = SpecArtifacts.resolve(app.asText(), specDir, workingDir);
        Path requirements = script.resolveSibling(REQUIREMENTS);
        if (!Files.isRegularFile(requirements)) {
            return Optional.empty();
        }
        Path zip = packRequirements(requirements, python, workDir);
        JsonNode existing = spec.get(SpecArtifacts.PY_FILES);
        ArrayNode pyFiles = existing instanceof ArrayNode array ? array : spec.putArray(SpecArtifacts.PY_FILES);
        pyFiles.add(zip.toString());
        return Optional.of(zip);
    }

    /** Installs a requirements file into a fresh folder and packs it into {@code <workDir>/requirements-<sha>.zip}. */
    static Path packRequirements(Path requirements, Path python, Path workDir) throws IOException {
        Path target = Files.createTempDirectory(workDir, "pip-target");
        try {
            List<String> command = List.of(python.toString(), "-m", "pip", "install", "--quiet", "--no-input",
                    "--disable-pip-version-check", "--no-compile", "--only-binary=:all:", "--target",
                    target.toString(), "-r", requirements.toString());
            Path log = workDir.resolve("pip.log");
            Process pip = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done;
            try {
                done = pip.waitFor(PIP_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                pip.descendants().forEach(ProcessHandle::destroyForcibly);
                pip.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while pip installed " + requirements, e);
            }
            if (!done) {
                pip.descendants().forEach(ProcessHandle::destroyForcibly);
                pip.destroyForcibly();
                throw new IllegalArgumentException(REQUIREMENTS + ": pip did not finish installing " + requirements
                        + " within " + PIP_TIMEOUT_MINUTES + " minutes");
            }
            if (pip.exitValue() != 0) {
                throw new IllegalArgumentException(REQUIREMENTS + ": pip could not install " + requirements
                        + " (wheels only: packages are not built here):\n" + tail(log));
            }
            List<Path> files = files(target);
            List<String> nativeCode = files.stream()
                    .map(f -> target.relativize(f).toString().replace('\\', '/'))
                    .filter(name -> NATIVE_SUFFIXES.stream().anyMatch(name::endsWith) || name.contains(".so."))
                    .toList();
            if (!nativeCode.isEmpty()) {
                throw new IllegalArgumentException(REQUIREMENTS + ": " + packages(nativeCode) + " holds native code ("
                        + nativeCode.get(0) + "), built for this machine, not for the cluster's nodes; only "
                        + "pure-Python packages travel with a job. The image ships numpy; add others with a custom "
                        + "image (spark.image, docs/image.md)");
            }
            byte[] packed = zip(target, files);
            Path zip = workDir.resolve("requirements-" + Sha256.of(packed).substring(0, 16) + ".zip");
            Files.write(zip, packed);
            return zip;
        } finally {
            deleteTree(target);
        }
    }

    private static byte[] zip(Path root, List<Path> files) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                String name = root.relativize(file).toString().replace('\\', '/');
                // pip's bookkeeping folder is not needed to import the packages.
                if (name.startsWith("bin/")) {
                    continue;
                }
                ZipEntry entry = new ZipEntry(name);
                entry.setLastModifiedTime(FIXED_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, (OutputStream) zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Top-level folder names of the files: the installed packages they belong to. */
    private static String packages(List<String> names) {
        List<String> tops = new ArrayList<>();
        for (String name : names) {
            String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            if (!tops.contains(top)) {
                tops.add(top);
            }
        }
        return String.join(", ", tops);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
