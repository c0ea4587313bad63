#!/usr/bin/env bash
# Idempotent set-up on Debian 12 / Python 3.11: system packages (when missing), the venv, the project.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv python3-pip
  # Qt (PySide6) on a minimal Debian: offscreen and xcb platform plugins
  libglib2.0-0 libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
  # Chinese text in the window and in exported PDFs (TrueType, embeddable)
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai fontconfig
  # tests render PDF pages (pdftoppm); PyInstaller needs objdump; the bundle's ICU data is cut with ICU's own
  # tools and compiled into a library (scripts/trim_icu.py)
  poppler-utils binutils icu-devtools gcc
  # tests move the clock of a child process (backup order after the PC clock was wrong)
  faketime
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.nianbao-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test,build]"
  touch "$stamp"
fi
# Qt catalogues: committed .ts -> git-ignored .qm (seconds' worth of work; always current with the checkout)
.venv/bin/python scripts/compile_translations.py >/dev/null
