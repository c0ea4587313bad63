#!/usr/bin/env bash
# Build the one-folder bundle dist/nianbao/ with build.spec, run its self-test, write dist/SHA256SUMS.txt.
# Usage: bash scripts/build.sh [--no-self-test]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

.venv/bin/pyinstaller build.spec --noconfirm --clean --log-level WARN

bundle=dist/nianbao
cli="$bundle/nianbao-cli"
[ -x "$cli" ] || cli="$bundle/nianbao-cli.exe"

if [ "${1:-}" != "--no-self-test" ]; then
  # The self-test works in its own temporary data folder; offscreen: no display needed.
  QT_QPA_PLATFORM=offscreen "$cli" --self-test
fi

# One line per file, "<sha256>  <path>" (sha256sum -c format), paths relative to dist/.
(cd dist && find nianbao -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum > SHA256SUMS.txt)
echo "Bundle: $(du -sh "$bundle" | cut -f1) in $(find "$bundle" -type f | wc -l) files; hashes in dist/SHA256SUMS.txt"
