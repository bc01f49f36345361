#!/usr/bin/env bash
# Python set-up, safe to rerun; uses only PyPI and Debian's packages:
# - a Java runtime for PySpark (Debian's openjdk-17-jre-headless, when `java` is missing);
# - a virtual environment in .venv/ (git-ignored; FRAMESCOPE_VENV=DIR puts it elsewhere) with
#   the pinned packages of python/requirements-dev.txt (pyarrow, pandas, PySpark, pytest, ...);
# - the framescope package built from this checkout with maturin (`pip install .`), sharing
#   cargo's target/ folder, so only the Python bindings are compiled on top of `cargo build`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${FRAMESCOPE_VENV:-.venv}"
case "$VENV" in /*) ;; *) VENV="$PWD/$VENV" ;; esac

if ! command -v java >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup-python: installing a Java runtime for PySpark (openjdk-17-jre-headless)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  else
    echo "error: PySpark needs Java 17 or newer: install a Java runtime (e.g. apt-get install openjdk-17-jre-headless)" >&2
    exit 1
  fi
fi

command -v python3 >/dev/null || { echo "error: python3 (3.9 or newer) is needed" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r python/requirements-dev.txt
# No build isolation: maturin comes pinned from the requirements above, not fetched again.
export PATH="$VENV/bin:$PATH"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps --force-reinstall .
"$VENV/bin/python" -c 'import framescope; print("setup-python: framescope", framescope.__version__, "in", __import__("sys").prefix)' >&2
