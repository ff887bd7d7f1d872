package dev.sparkburst.core.jobspec;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.util.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The spec check splits JVM options the way Spark itself does before it starts a driver or an executor: compared
 * here with Spark's own splitter (this module has the Spark jars), on the quoting and escaping a hostile spec uses.
 */
class JavaOptionsSplitterAgainstSparkTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "-\"javaagent\":/some/agent.jar",
            "-D\"spark.eventLog.enabled\"=false -D'spark.app.name'=x -D\"spark.master\"=local[1]",
            "-java''agent:/a.jar",
            "\"-java\\agent:/a.jar\"",
            "-Dsp\"ark\".master=x",
            "  -Xmx1g\t-XX:+UseG1GC\r\n-Da=b  ",
            "-Dmsg=\"a b\" -Dx='c  d'",
            "\"-Da=\\\"q\\\" \\\\z\"",
            "-Da=\\x '\\y'",
            "'' -Da=\"open",
            "trailing\\",
            "\"trailing\\",
            "'@/tmp/options' \"@\"/tmp/x"})
    void splitsExactlyAsSpark(String options) {
        assertThat(JavaOptionsSplitter.split(options))
                .containsExactlyElementsOf(CollectionConverters.asJava(Utils.splitCommandString(options)));
    }
}
