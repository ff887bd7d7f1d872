package dev.sparkburst.core.config;

import java.util.Objects;

/**
 * Settings only local mode reads: where it keeps its state and which ports its servers use on 127.0.0.1.
 *
 * @param stateDir     folder for buckets, run table, logs and the key file, relative to the project root
 * @param s3Port       port of the local S3 API (S3Proxy)
 * @param masterPort   Spark master RPC port
 * @param restPort     Spark master REST submission port
 * @param uiPort       Spark master web UI port
 * @param workerCores  {@code SPARK_WORKER_CORES} of each local worker
 * @param workerMemory {@code SPARK_WORKER_MEMORY} of each local worker, for example {@code 2g}
 * @param accessKey    access key of the local S3 API
 * @param secretKey    secret key of the local S3 API
 */
public record LocalSettings(
        String stateDir,
        int s3Port,
        int masterPort,
        int restPort,
        int uiPort,
        int workerCores,
        String workerMemory,
        String accessKey,
        String secretKey) {

    public LocalSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(workerMemory, "workerMemory");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }
}
