package dev.sparkburst.core.jobspec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectedSettingsTest {

    @ParameterizedTest
    @MethodSource("dev.sparkburst.core.jobspec.SpecFixtures#protectedKeysInAnyCase")
    void protectsKeysTheOrchestratorOrTheClusterOwns(String key) {
        assertThat(ProtectedSettings.check(key, "x")).as(key).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.driver.resource.driverSlot.amount", "spark.driver.resource.driverSlot.addresses",
            "spark.driver.resource.gpu.amount", "spark.driver.resourcesFile"})
    void protectsTheDriversPlacementResource(String key) {
        assertThat(ProtectedSettings.check(key, "0")).as(key).hasValueSatisfying(reason ->
                assertThat(reason).contains("places the driver"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark.storage.decommission.enabled", "spark.storage.decommission.shuffleBlocks.enabled",
            "spark.storage.decommission.rddBlocks.enabled", "spark.storage.decommission.fallbackStorage.path"})
    void aJobMayTuneTheBlockMigrationOfDecommissioningButNotTurnDecommissioningOff(String key) {
        assertThat(ProtectedSettings.check(key, "false")).as(key).isEmpty();
        assertThat(ProtectedSettings.check(" Spark.Decommission.Enabled ", "false")).hasValueSatisfying(reason ->
                assertThat(reason).contains("decommissions a stopping worker"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.ui.store.path|/tmp/ui",
            "spark.sql.streaming.stateStore.providerClass|org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider",
            "SPARK.SQL.STREAMING.STATESTORE.PROVIDERCLASS|x.rocksdb.Provider"})
    void refusesSettingsThatNeedTheRocksDbJarTheImageLeavesOut(String key, String value) {
        assertThat(ProtectedSettings.check(key, value)).as(key).hasValueSatisfying(reason ->
                assertThat(reason).contains("RocksDB").contains("docs/image.md"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.sql.streaming.stateStore.providerClass|org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
            "spark.ui.retainedJobs|500"})
    void allowsTheInMemoryStoresSparkUsesByDefault(String key, String value) {
        assertThat(ProtectedSettings.check(key, value)).as(key).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "spark.executor.memory", "spark.executor.cores", "spark.driver.memory", "spark.cores.max",
            "spark.sql.shuffle.partitions", "spark.sql.session.timeZone", "spark.speculation",
            "spark.serializer", "spark.kryoserializer.buffer.max", "spark.dynamicAllocation.enabled",
            "spark.hadoop.fs.s3a.connection.maximum", "spark.hadoop.fs.s3a.endpoint.region",
            "spark.hadoop.fs.s3a.fast.upload", "spark.executorEnv.MY_SETTING", "spark.executorEnv.TZ",
            "spark.masterx", "spark.jars.packages", "spark.ui.enabled", "spark.app.description"})
    void allowsOrdinaryJobSettings(String key) {
        assertThat(ProtectedSettings.check(key, "x")).as(key).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.driver.extraJavaOptions|-Dspark.authenticate=false",
            "spark.executor.extraJavaOptions|-XX:+UseG1GC -javaagent:/tmp/agent.jar",
            "spark.driver.extraJavaOptions|-agentlib:jdwp=transport=dt_socket,server=y",
            "spark.driver.extraJavaOptions|-agentpath:/tmp/libx.so",
            "spark.executor.extraJavaOptions|-Djava.security.manager=allow",
            "spark.executor.extraJavaOptions|-Djava.security.properties==/tmp/x",
            "spark.driver.extraJavaOptions|-Djava.system.class.loader=x.Loader",
            "spark.driver.extraJavaOptions|-Xbootclasspath/a:/tmp/x.jar",
            "spark.driver.extraJavaOptions|-XX:OnOutOfMemoryError=\"curl evil\"",
            "spark.driver.extraJavaOptions|-XX:OnError=sh",
            "spark.driver.extraJavaOptions|-Daws.accessKeyId=AKIA",
            "spark.driver.extraJavaOptions|-Xmx1g @/tmp/options",
            "spark.driver.defaultJavaOptions|-DSPARK.master=x",
            "spark.executor.defaultJavaOptions|-JavaAgent:x.jar"})
    void protectsJavaOptionsThatChangeSecurityLoadAgentsOrInjectProperties(String key, String value) {
        assertThat(ProtectedSettings.check(key, value)).as(value).isPresent();
    }

    /** Spark splits these like a shell before starting java, so each reaches the JVM as a forbidden option. */
    @ParameterizedTest
    @ValueSource(strings = {
            "-\"javaagent\":/some/agent.jar",
            "-'javaagent':/some/agent.jar",
            "-java\"\"agent:/some/agent.jar",
            "-java''agent:/some/agent.jar",
            "\"-java\\agent:/some/agent.jar\"",
            "-D\"spark.eventLog.enabled\"=false",
            "-D'spark.app.name'=x -D\"spark.master\"=local[1]",
            "-Dsp\"ark\".master=local[1]",
            "-XX:+UseG1GC\t-\"agentlib\":jdwp=transport=dt_socket",
            "-Xmx1g\n-'Xbootclasspath/a':/tmp/x.jar",
            "-\"XX:OnError\"=sh",
            "'@/tmp/options'",
            "\"@\"/tmp/options",
            "-Daws.\"accessKeyId\"=AKIA"})
    void protectsJavaOptionsHiddenByQuotingOrEscaping(String value) {
        assertThat(ProtectedSettings.check("spark.driver.extraJavaOptions", value)).as(value).isPresent();
        assertThat(ProtectedSettings.check("spark.executor.extraJavaOptions", value)).as(value).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {" spark.master", "spark.master ", "\tSPARK.Master\n", "  spark.driver.extraJavaOptions  "})
    void protectsKeysWithSurroundingWhiteSpace(String key) {
        assertThat(ProtectedSettings.check(key, "-javaagent:/x.jar")).as("[" + key + "]").isPresent();
    }


    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "spark.driver.extraJavaOptions|-XX:+UseG1GC -Dlog4j2.level=INFO",
            "spark.executor.extraJavaOptions|-Duser.timezone=UTC -Dmy.setting=spark.x",
            "spark.executor.extraJavaOptions|-Daws.region=eu-west-1 -Demail=a@b.c"})
    void allowsOrdinaryJavaOptions(String key, String value) {
        assertThat(ProtectedSettings.check(key, value)).as(value).isEmpty();
    }
}
