#!/usr/bin/env bash
# The main job on the embedded sample data: set up, check every input file,
# build the handbook site, then serve it on 127.0.0.1 (Ctrl+C stops it).
# Set PORT to change the port (default 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/handbook check
.venv/bin/handbook build
echo "==> 离线使用：直接用浏览器打开 site/index.html 即可（检索同样可用）" >&2
exec .venv/bin/handbook serve --port "${PORT:-8000}"
