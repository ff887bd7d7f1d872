#!/bin/sh
# Python drivers start here (the worker's PYSPARK_DRIVER_PYTHON, set by entrypoint.sh): Spark's PythonRunner
# starts the driver's Python as a child of the driver JVM, and a killed or timed-out driver JVM (SIGTERM from
# the worker, exit 124 from Spark's DriverTimeoutPlugin) does not stop that child. This asks Linux to SIGKILL
# the Python process when the JVM that started it ends (prctl PR_SET_PDEATHSIG), then becomes the driver's
# Python. The executors' Python workers need nothing: they exit when their executor's pipe closes.
jvm="$PPID"
export BURST_DRIVER_JVM_PID="$jvm"
exec "${PYSPARK_PYTHON:-python3}" -c '
import ctypes, os, signal, sys
PR_SET_PDEATHSIG = 1
try:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl")
except (AttributeError, OSError) as e:
    sys.stderr.write("spark-burst: cannot tie the Python driver to its JVM (%s); it may outlive a kill\n" % e)
# The JVM may have ended before prctl: then nothing would signal this process.
if str(os.getppid()) != os.environ.pop("BURST_DRIVER_JVM_PID", ""):
    sys.exit("spark-burst: the driver JVM ended before its Python driver started")
os.execv(sys.executable, [sys.executable] + sys.argv[1:])
' "$@"
