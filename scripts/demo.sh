#!/usr/bin/env bash
# One command from a fresh clone: install what Kith needs, build it, and run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The Swift runtime and Foundation linked in: every kith command starts without resolving
# thousands of symbols from shared libraries, and the binary runs on a machine without Swift.
swift build -c release --static-swift-stdlib --product kith
.build/release/kith demo --out out/demo "$@"
echo
echo "Open the report printed above (out/demo/report.html by default) in a browser: the picture of the demo network and what to do about it."
