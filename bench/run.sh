#!/usr/bin/env bash
# spark-burst benchmarks. Each prints a ratio of two things measured side by side in this one run,
# so a noisy machine shifts both sides alike. Usage: bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -pl bench -am package -DskipTests -Dexec.skip >&2
cp="bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
median() { sed -E 's/.*median_ms=([0-9.]+).*/\1/'; }

echo "== Local Lambda endpoint: one Invoke round trip (every Task state of a local run pays it)"
on=$(java -Dsun.net.httpserver.nodelay=true -cp "$cp" dev.sparkburst.bench.InvokeLatency 200)
off=$(java -Dsun.net.httpserver.nodelay=false -cp "$cp" dev.sparkburst.bench.InvokeLatency 200)
echo "  with TCP_NODELAY:    $on"
echo "  without TCP_NODELAY: $off"
awk -v a="$(echo "$off" | median)" -v b="$(echo "$on" | median)" \
  'BEGIN { printf "  ratio without/with (median): %.1fx\n", a / b }'

echo "== burst start-up: './burst --help' against a bare 'java -version' (JVM start alone), 5 runs each"
./burst --help >/dev/null  # builds on first use; not timed
time_runs() {
  local start end
  start=$(date +%s%N)
  for _ in 1 2 3 4 5; do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  echo $(( (end - start) / 5000000 ))
}
burst_ms=$(time_runs ./burst --help)
java_ms=$(time_runs java -version)
echo "  ./burst --help: ${burst_ms} ms   java -version: ${java_ms} ms"
awk -v a="$burst_ms" -v b="$java_ms" 'BEGIN { printf "  ratio burst/java: %.1fx\n", a / b }'

echo "== class-data archive: a local run's start (the script's training command) without and with it, 5 runs each"
without_ms=$(BURST_CLASS_ARCHIVE=0 time_runs ./burst class-archive-training)
with_ms=$(time_runs ./burst class-archive-training)
echo "  without: ${without_ms} ms   with: ${with_ms} ms"
awk -v a="$without_ms" -v b="$with_ms" 'BEGIN { printf "  ratio without/with: %.2fx\n", a / b }'

echo "== burst run --local against the bare same work (issue 10): ${BENCH_ROUNDS:-5} interleaved rounds, a few minutes"
./mvnw -q -B -o -pl cli,examples -am package -DskipTests >&2
java -cp "$cp" dev.sparkburst.bench.LocalRunVsBare "$PWD" "${BENCH_ROUNDS:-5}"
