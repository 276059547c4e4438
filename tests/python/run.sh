#!/usr/bin/env bash
# run.sh - the Python module's pytest suite (tests/python) against the built
# library and CLI, with Debian's python3 and python3-pytest; skips (77) when
# pytest is absent.
# usage: bash run.sh PYTHON3 LIBRARY CLEARANCE_BINARY SHARED_DATA_DIR
set -u
PY=$1
REPO=$(cd "$(dirname "$0")/../.." && pwd) || exit 1
"$PY" -c 'import pytest' 2>/dev/null || { echo "SKIP: $PY has no pytest (python3-pytest)"; exit 77; }
export CLEARANCE_LIB=$2 CLEARANCE_BIN=$3 CLEARANCE_SHARED=$4
export PYTHONPATH=$REPO/python PYTHONDONTWRITEBYTECODE=1
exec "$PY" -m pytest -q -p no:cacheprovider "$REPO/tests/python"
