package dev.sparkburst.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerMemoryTest {

    @Test
    void aJvmsOverheadIsTenPercentOfItsHeapButAtLeast384MiB() {
        assertThat(WorkerMemory.jvmOverheadMiB(512)).isEqualTo(384);
        assertThat(WorkerMemory.jvmOverheadMiB(3840)).isEqualTo(384);
        assertThat(WorkerMemory.jvmOverheadMiB(3841)).isEqualTo(385);
        assertThat(WorkerMemory.jvmOverheadMiB(8192)).isEqualTo(820);
    }

    @Test
    void theWorkerOffersWhatIsLeftAfterTheDaemonAndEveryJvmsOverhead() {
        // 8192 - 512 - 384 - 2 x 384 = 6528; / 1.1 = 5934
        assertThat(WorkerMemory.sparkWorkerMemoryMiB(8192, 512)).isEqualTo(5934);
        assertThat(WorkerMemory.sparkWorkerMemoryMiB(30720, 512)).isEqualTo(26414);
        assertThat(WorkerMemory.sparkWorkerMemoryMiB(1024, 512)).isZero();
    }

    @Test
    void anExecutorGivenAllTheWorkerMemoryFitsTheTaskWithItsOverhead() {
        for (int task = 3072; task <= 122_880; task += 1024) {
            int worker = WorkerMemory.sparkWorkerMemoryMiB(task, WorkerMemory.DAEMON_HEAP_MIB);
            int daemon = WorkerMemory.DAEMON_HEAP_MIB + WorkerMemory.jvmOverheadMiB(WorkerMemory.DAEMON_HEAP_MIB);
            int oneExecutor = worker + WorkerMemory.jvmOverheadMiB(worker);
            int driverAndExecutor = 1024 + WorkerMemory.jvmOverheadMiB(1024)
                    + (worker - 1024) + WorkerMemory.jvmOverheadMiB(worker - 1024);

            assertThat(daemon + oneExecutor).as("task %d MiB, one executor", task).isLessThanOrEqualTo(task);
            assertThat(daemon + driverAndExecutor).as("task %d MiB, driver and executor", task).isLessThanOrEqualTo(task);
        }
    }

    @Test
    void theSmallestWorkerTaskIs3GiB() {
        assertThat(WorkerMemory.minimumContainerMiB()).isEqualTo(3072);
        assertThat(WorkerMemory.sparkWorkerMemoryMiB(3072, 512)).isGreaterThanOrEqualTo(WorkerMemory.MIN_WORKER_MEMORY_MIB);
        assertThat(WorkerMemory.sparkWorkerMemoryMiB(2048, 512)).isLessThan(WorkerMemory.MIN_WORKER_MEMORY_MIB);
    }

    @Test
    void refusesANonPositiveSize() {
        assertThatThrownBy(() -> WorkerMemory.jvmOverheadMiB(0)).hasMessageContaining("heapMiB must be positive");
        assertThatThrownBy(() -> WorkerMemory.sparkWorkerMemoryMiB(-1, 512)).hasMessageContaining("containerMiB");
    }
}
