#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then runs pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -k fidelity, --regen-golden).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
