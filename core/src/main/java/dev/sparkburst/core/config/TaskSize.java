package dev.sparkburst.core.config;

/**
 * The size of one Fargate task.
 *
 * @param cpu       CPU units (1024 = 1 vCPU)
 * @param memoryMiB memory in MiB
 */
public record TaskSize(int cpu, int memoryMiB) {

    public TaskSize {
        FargateSizes.problem(cpu, memoryMiB).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
