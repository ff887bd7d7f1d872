#!/usr/bin/env bash
# Installs the pinned Python test tools (moto server, cfn-lint, checkov) into .tools/python from
# tools/python/requirements.txt, hash-checked. Re-installs only when the lock file is newer than the stamp.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=tools/python/requirements.txt
venv=.tools/python
stamp="$venv/.installed"
if [ -f "$stamp" ] && [ "$stamp" -nt "$lock" ]; then
  exit 0
fi
command -v python3 >/dev/null || {
  echo "spark-burst's tests need Python 3 on PATH (python3 not found): they run the moto server, cfn-lint and checkov" >&2
  exit 1
}
rm -rf "$venv"
python3 -m venv "$venv" || {
  echo "python3 cannot create a virtual environment; install the venv module (Debian: apt-get install python3-venv)" >&2
  exit 1
}
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --require-hashes --no-deps \
  -r "$lock"
touch "$stamp"
