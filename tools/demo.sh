#!/usr/bin/env bash
# README command 1: set everything up, then run the demo on the embedded default data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
exec .venv/bin/cloudsonar demo "$@"
