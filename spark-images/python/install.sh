#!/usr/bin/env bash
# The Python side of local mode's SPARK_HOME, as the Spark distribution lays it out:
#   $SPARK_HOME/python/lib/pyspark.zip and py4j-*-src.zip  (put on PYTHONPATH by Spark itself)
# plus the interpreter Python drivers and executors run locally: .tools/pyspark/venv, with numpy.
#
# Both come from PyPI, hash-checked: pyspark.txt pins the PySpark source archive of the Spark version the jars
# have (only its lib/*.zip are kept: the archive's 450 MB of jars are Maven's job here), requirements.txt the
# venv's packages. Installed once into .tools/pyspark (kept across `mvn clean`), again when a lock file changes.
#
# Python is needed only by Python jobs: without python3 (or without PyPI) this warns and leaves SPARK_HOME
# without python/, JVM jobs are unaffected, and `burst run` of a Python job says what is missing.
#
# Usage: install.sh <SPARK_HOME>
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
spark_home="${1:?usage: install.sh <SPARK_HOME>}"
tools="$root/.tools/pyspark"
stamp="$tools/.installed"

warn() {
  echo "[WARNING] spark-burst: $* Python jobs cannot run locally until this is fixed; JVM jobs are not affected." >&2
  exit 0
}

if ! [ -f "$stamp" ] || [ "$here/requirements.txt" -nt "$stamp" ] || [ "$here/pyspark.txt" -nt "$stamp" ]; then
  command -v python3 >/dev/null 2>&1 || warn "python3 not found on PATH (Python 3.11 or newer is needed)."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || warn "python3 on PATH is $(python3 --version 2>&1); Python 3.11 or newer is needed."
  rm -rf "$tools"
  mkdir -p "$tools"
  python3 -m venv "$tools/venv" >/dev/null 2>&1 \
    || warn "python3 cannot create a virtual environment (Debian/Ubuntu: apt-get install python3-venv)."
  pip=("$tools/venv/bin/python" -m pip --disable-pip-version-check --no-input --quiet)
  "${pip[@]}" install --require-hashes --no-deps -r "$here/requirements.txt" \
    || warn "installing $here/requirements.txt from PyPI failed (see above)."
  download="$(mktemp -d "${TMPDIR:-/tmp}/pyspark-download.XXXXXX")"
  trap 'rm -rf "$download"' EXIT
  # --no-build-isolation: the archive's metadata is read with the hash-checked setuptools and wheel above,
  # not with whatever an isolated build environment would fetch.
  "${pip[@]}" download --require-hashes --no-deps --no-build-isolation -r "$here/pyspark.txt" -d "$download" \
    || warn "downloading the PySpark archive pinned in $here/pyspark.txt from PyPI failed (see above)."
  "$tools/venv/bin/python" - "$download" "$tools/lib" <<'PY'
import pathlib, shutil, sys, tarfile
download, lib = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
lib.mkdir(parents=True)
(archive,) = download.glob("pyspark-*.tar.gz")
with tarfile.open(archive) as tar:
    for member in tar:
        path = pathlib.PurePosixPath(member.name)
        if member.isfile() and len(path.parts) == 3 and path.parts[1] == "lib" and path.suffix == ".zip":
            with tar.extractfile(member) as source, open(lib / path.name, "wb") as target:
                shutil.copyfileobj(source, target)
found = sorted(p.name for p in lib.glob("*.zip"))
if "pyspark.zip" not in found or not any(n.startswith("py4j-") for n in found):
    sys.exit(f"{archive.name} has no lib/pyspark.zip and lib/py4j-*-src.zip (found {found})")
PY
  touch "$stamp"
fi

mkdir -p "$spark_home/python/lib"
cp "$tools"/lib/*.zip "$spark_home/python/lib/"
