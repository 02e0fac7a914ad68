#!/usr/bin/env bash
# Formats the sources with the toolchain's swift-format, then lints what formatting cannot fix.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive --parallel Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks
swift format lint --recursive --parallel Sources Tests
