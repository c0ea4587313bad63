#!/usr/bin/env bash
# A plain wheel gives a working program: build it (isolated, as pip does), install it with its dependencies into
# a fresh venv and run `nianbao --self-test` from outside the checkout (the Qt catalogue must be in the wheel).
# Usage: bash scripts/check_wheel.sh        (after scripts/setup.sh; ~20 s with the packages in pip's cache)
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}  # the project's venv (scripts/setup.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$py" -m pip wheel . --no-deps -q -w "$work/dist"
"$py" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q "$work"/dist/nianbao-*.whl
cd "$work"
QT_QPA_PLATFORM=offscreen NIANBAO_DATA_DIR="$work/data" "$work/venv/bin/nianbao" --self-test
