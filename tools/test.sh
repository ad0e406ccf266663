#!/usr/bin/env bash
# README command 2: set everything up, then run the whole test suite (ends with `N passed, M failed`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
exec .venv/bin/python tools/check.py "$@"
