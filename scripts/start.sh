#!/usr/bin/env bash
# Set up (first time) and start the application.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nianbao "$@"
