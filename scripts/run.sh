#!/usr/bin/env bash
# The main job on the embedded sample data: set up, check every input file,
# then build the outputs. Exits non-zero (with every problem listed) if the
# content or data has errors.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/handbook check
mkdir -p build
.venv/bin/handbook source changde-2012-5 > build/changde-2012-5.txt
echo "==> 已由 content/ 重新拼出通知全文：build/changde-2012-5.txt" >&2
