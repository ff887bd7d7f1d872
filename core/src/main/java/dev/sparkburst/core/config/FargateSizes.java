package dev.sparkburst.core.config;

import java.util.Optional;
import java.util.Set;

/** The CPU and memory combinations a Fargate (Linux) task accepts. */
public final class FargateSizes {

    /** The CPU units a Fargate task may have. */
    public static final Set<Integer> CPU = Set.of(256, 512, 1024, 2048, 4096, 8192, 16384);

    private FargateSizes() {
    }

    /** Why Fargate would refuse this task size, or empty when it accepts it. */
    public static Optional<String> problem(int cpu, int memoryMiB) {
        return switch (cpu) {
            case 256 -> oneOf(cpu, memoryMiB, 512, 2048, 512, "512, 1024 or 2048"); // step 512 minus 1536
            case 512 -> oneOf(cpu, memoryMiB, 1024, 4096, 1024, "1024 to 4096 in steps of 1024");
            case 1024 -> oneOf(cpu, memoryMiB, 2048, 8192, 1024, "2048 to 8192 in steps of 1024");
            case 2048 -> oneOf(cpu, memoryMiB, 4096, 16384, 1024, "4096 to 16384 in steps of 1024");
            case 4096 -> oneOf(cpu, memoryMiB, 8192, 30720, 1024, "8192 to 30720 in steps of 1024");
            case 8192 -> oneOf(cpu, memoryMiB, 16384, 61440, 4096, "16384 to 61440 in steps of 4096");
            case 16384 -> oneOf(cpu, memoryMiB, 32768, 122880, 8192, "32768 to 122880 in steps of 8192");
            default -> Optional.of("Fargate accepts cpu 256, 512, 1024, 2048, 4096, 8192 or 16384, not " + cpu);
        };
    }

    private static Optional<String> oneOf(int cpu, int memoryMiB, int min, int max, int step, String allowed) {
        boolean accepted = memoryMiB >= min && memoryMiB <= max && (memoryMiB - min) % step == 0
                && (cpu != 256 || memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048);
        return accepted
                ? Optional.empty()
                : Optional.of("Fargate does not accept memoryMiB " + memoryMiB + " with cpu " + cpu
                        + " (allowed: " + allowed + ")");
    }
}
