package dev.sparkburst.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriverErrorsTest {

    @Test
    void findsTheUsersExceptionBehindSparksDriverWrapper() {
        String stderr = """
                26/11/20 22:10:01 INFO SparkContext: Running Spark version 4.2.0
                Exception in thread "main" java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:118)
                \tat org.apache.spark.deploy.worker.DriverWrapper$.main(DriverWrapper.scala:63)
                Caused by: java.lang.IllegalStateException: FailingJob failed on purpose
                \tat dev.sparkburst.examples.FailingJob.main(FailingJob.java:20)
                """;

        assertThat(DriverErrors.fromStderr(stderr))
                .contains("java.lang.IllegalStateException: FailingJob failed on purpose");
    }

    @Test
    void fallsBackToTheMainThreadLineWhenNothingIsWrapped() {
        assertThat(DriverErrors.fromStderr("log line\nException in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"))
                .contains("java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void findsThePythonExceptionThatEndsTheLastTracebackInStdout() {
        String stdout = """
                starting
                Traceback (most recent call last):
                  File "/work/driver-1/job.py", line 3, in <module>
                    open("missing")
                FileNotFoundError: [Errno 2] No such file or directory: 'missing'

                During handling of the above exception, another exception occurred:

                Traceback (most recent call last):
                  File "/work/driver-1/job.py", line 5, in <module>
                    raise ValueError("bad input: 42")
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
                ValueError: bad input: 42
                """;

        assertThat(DriverErrors.pythonException(stdout)).contains("ValueError: bad input: 42");
        assertThat(DriverErrors.fromLogs("Exception in thread \"main\" org.apache.spark.SparkUserAppException: "
                + "User application exited with 1\n", stdout)).as("the Python exception wins")
                .contains("ValueError: bad input: 42");
    }

    @Test
    void takesTheJvmExceptionWhenStdoutHasNoTraceback() {
        assertThat(DriverErrors.fromLogs("Caused by: java.lang.IllegalStateException: no\n",
                "a line that mentions Traceback (most recent call last): in passing\n"))
                .contains("java.lang.IllegalStateException: no");
        assertThat(DriverErrors.pythonException("Traceback (most recent call last):\n  File \"x\"\n")).isEmpty();
    }

    @Test
    void findsNothingInALogWithoutAnException() {
        assertThat(DriverErrors.fromStderr("26/11/20 INFO all good\n")).isEmpty();
        assertThat(DriverErrors.fromStderr("")).isEmpty();
        assertThat(DriverErrors.fromStderr(null)).isEmpty();
    }
}
