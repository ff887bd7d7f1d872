#!/usr/bin/env bash
# A burst of uploads (issue 9, point 6): N objects (default 20) under the trigger prefix of config/local.yaml
# within 10 s; checks exactly N runs, one per object, all SUCCEEDED, the cluster back at zero. Runs its own
# local stack on free ports. Usage: bench/upload-burst.sh [N]. Its last result is in docs/cli.md.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -pl bench,examples -am package -DskipTests -Dexec.skip >&2
cp="bench/target/bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)"
start=$(date +%s)
java -cp "$cp" dev.sparkburst.bench.UploadBurst "$PWD" "${1:-20}"
echo "bench took $(( $(date +%s) - start )) s"
