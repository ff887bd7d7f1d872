package dev.sparkburst.cli;

import picocli.CommandLine;

/** {@code burst --version}: the version the jar was built as. */
public final class BurstVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Burst.class.getPackage().getImplementationVersion();
        return new String[] {"burst " + (version == null ? "(development build)" : version)};
    }
}
