#!/usr/bin/env bash
# Installs the pinned Node tools once (CDK CLI, ASL engine, asl-validator) from package-lock.json.
# Re-runs npm ci only when the lock file is newer than the installed tree.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi
command -v npm >/dev/null || { echo "spark-burst needs Node.js and npm on PATH (Node 20 or newer)" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
