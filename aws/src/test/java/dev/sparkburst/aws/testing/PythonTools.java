package dev.sparkburst.aws.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the build's pinned Python tools live ({@code .tools/python}, installed by {@code .mvn/ensure-python-tools.sh}
 * from {@code tools/python/requirements.txt} with hashes). Tests find them from any module's working directory.
 */
public final class PythonTools {

    private PythonTools() {
    }

    /** The repository root: the nearest folder up from the working directory that holds {@code .mvn/}. */
    public static Path repositoryRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (a folder with .mvn/) above " + Paths.get("").toAbsolutePath());
    }

    /** A console script of the tools' virtual environment, e.g. {@code moto_server} or {@code cfn-lint}. */
    public static Path executable(String name) {
        Path path = repositoryRoot().resolve(".tools/python/bin").resolve(name);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing: the build installs the Python tools at validate "
                    + "(bash .mvn/ensure-python-tools.sh); Python 3 must be on PATH");
        }
        return path;
    }
}
