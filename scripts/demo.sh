#!/usr/bin/env bash
# One command from a fresh clone: install what Kith needs, build it, and run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product kith
.build/release/kith demo --out out/demo "$@"
