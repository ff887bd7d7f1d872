#!/usr/bin/env bash
# Measures the native memory (resident beyond the heap) of a worker daemon, a driver and an executor at
# chosen heap sizes, on 127.0.0.1, with the entrypoint and target/spark-home (docs/sizing.md).
# Every JVM pre-touches a heap of -Xms = -Xmx, so VmHWM - heap = the JVM's own peak native memory.
#
#   spark-images/src/test/sh/measure-jvm-overhead.sh JOB_JAR DRIVER_HEAP_MB EXECUTOR_HEAP_MB
# JOB_JAR: a jar with dev.sparkburst.sparkimages.NodeReportJob (FargateNetworkTest writes one; or
#          jar cf job.jar -C spark-images/target/test-classes dev/sparkburst/sparkimages/NodeReportJob*.class)
set -euo pipefail
jar="$(realpath "$1")" driver_mb="$2" executor_mb="$3"
here="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  local rc=$?
  (( rc == 0 )) || tail -n 20 "$work"/*.log "$work"/work/driver-*/stderr >&2 2>/dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
common=(SPARK_HOME="$here/target/spark-home" SPARK_LOCAL_IP=127.0.0.1 SPARK_DAEMON_MEMORY=512m)
env -i PATH="$PATH" "${common[@]}" SPARK_ROLE=master SPARK_MASTER_PORT=17077 SPARK_MASTER_REST_PORT=16066 \
  SPARK_MASTER_WEBUI_PORT=18080 SPARK_NODE_TMP="$work/m" bash "$here/entrypoint.sh" > "$work/master.log" 2>&1 &
pids+=("$!")
env -i PATH="$PATH" "${common[@]}" SPARK_ROLE=worker SPARK_MASTER_URL=spark://127.0.0.1:17077 \
  SPARK_WORKER_CORES=2 SPARK_WORKER_MEMORY=$(( driver_mb + executor_mb ))m SPARK_WORKER_WEBUI_PORT=18081 \
  SPARK_WORKER_DIR="$work/work" SPARK_NODE_TMP="$work/w" JAVA_TOOL_OPTIONS="-XX:+AlwaysPreTouch -Xms512m" \
  bash "$here/entrypoint.sh" > "$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
until curl -sf http://127.0.0.1:18080/json/ | grep -q '"aliveworkers" : 1'; do sleep 1; done
request=$(cat <<JSON
{"action":"CreateSubmissionRequest","appResource":"file:$jar","mainClass":"dev.sparkburst.sparkimages.NodeReportJob",
 "appArgs":["8000"],"clientSparkVersion":"4.2.0","environmentVariables":{},
 "sparkProperties":{"spark.master":"spark://127.0.0.1:17077","spark.app.name":"measure","spark.submit.deployMode":"cluster",
  "spark.jars":"file:$jar","spark.driver.memory":"${driver_mb}m","spark.executor.memory":"${executor_mb}m",
  "spark.driver.cores":"1","spark.executor.cores":"1","spark.cores.max":"1",
  "spark.driver.extraJavaOptions":"-Xms${driver_mb}m","spark.executor.extraJavaOptions":"-Xms${executor_mb}m"}}
JSON
)
id=$(curl -sf -H 'Content-Type: application/json' -d "$request" http://127.0.0.1:16066/v1/submissions/create \
  | grep -o 'driver-[0-9-]*' | head -n 1)
until grep -qs report-end "$work/work/$id/stdout"; do sleep 1; done
cat "$work/work/$id/stdout"
echo "worker daemon heapMiB=512 $(grep VmHWM /proc/$worker/status)"
