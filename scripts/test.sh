#!/usr/bin/env bash
# One command from a fresh clone: install what the tests need, build, and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
swift format lint --recursive --strict Sources Tests
swift build --build-tests
swift test --skip-build
