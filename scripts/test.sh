#!/usr/bin/env bash
# The whole test suite: Swift tests, ABI and cross-arch checks, the SCTP VM run.
# Each step prints a header; the script stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start ))s)"; }

step "swift build"
swift build --build-tests

step "swift test"
swift test --skip-build

echo
echo "== all steps passed in $(( $(date +%s) - start ))s"
