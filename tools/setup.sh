#!/usr/bin/env bash
# Set up a checkout: .venv with the package and its development tools, Azurite for the storage tests,
# and Debian chromium for the docs check.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip wheel setuptools
# PyTorch: the releases this machine kind keeps on local disk (a plain `torch` requirement resolves to them too)
.venv/bin/python -m pip install -q "torch==2.14.1" "torchvision==0.29.1" \
  || .venv/bin/python -m pip install -q torch torchvision
.venv/bin/python -m pip install -q -e ".[dev]"
if command -v npm >/dev/null 2>&1 && [ ! -x tools/node_modules/.bin/azurite-blob ]; then
  npm install --silent --no-audit --no-fund --save-exact --prefix tools azurite@3.35.0
fi
# Headless Chromium for the docs check (tools/docs.py --check drives /usr/bin/chromium through playwright;
# playwright never downloads a browser here)
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "tools/setup.sh: /usr/bin/chromium is missing; install Debian's chromium: sudo apt-get install -y chromium" >&2
  fi
fi
