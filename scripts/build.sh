#!/usr/bin/env bash
# Build the one-folder bundle dist/nianbao/ with build.spec, run its self-test, write dist/SHA256SUMS.txt.
# Usage: bash scripts/build.sh [--no-self-test]     (Linux; on Windows run it from Git Bash after creating
# .venv with `py -3.11 -m venv .venv` and `.venv\Scripts\pip install -e .[build]`)
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) bin=.venv/Scripts ;;
  *) bin=.venv/bin; bash scripts/setup.sh ;;
esac

"$bin/pyinstaller" build.spec --noconfirm --clean --log-level WARN

bundle=dist/nianbao
cli="$bundle/nianbao-cli"
[ -x "$cli" ] || cli="$bundle/nianbao-cli.exe"

if [ "${1:-}" != "--no-self-test" ]; then
  # The self-test works in its own temporary data folder; offscreen: no display needed.
  QT_QPA_PLATFORM=offscreen "$cli" --self-test
fi

# The archive to copy to a USB stick: zip on Windows (no symlinks there), tar.gz on Linux (keeps Qt's symlinks).
# tr: Windows' python ends the line with CRLF, and $(...) strips only the LF (the name would end in a CR).
version=$("$bin/python" -c "import core; print(core.__version__)" | tr -d '\r\n')
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) archive="nianbao-$version-windows-x64.zip"
    (cd dist && rm -f "$archive" && "../$bin/python" -m zipfile -c "$archive" nianbao) ;;
  *) archive="nianbao-$version-$(uname -s | tr 'A-Z' 'a-z')-$(uname -m).tar.gz"
    (cd dist && tar czf "$archive" nianbao) ;;
esac

# "<sha256>  <path>" lines (sha256sum -c format), relative to dist/: the archive first, then every bundled file.
(cd dist && { sha256sum "$archive"; find nianbao -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } \
  > SHA256SUMS.txt)
echo "Bundle: $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files;" \
  "archive dist/$archive ($(du -h "dist/$archive" | cut -f1)); hashes in dist/SHA256SUMS.txt"
