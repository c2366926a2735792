#!/usr/bin/env bash
# sctp-tests.sh - run the SCTP test suites for real, inside a throw-away VM whose kernel has SCTP.
#
#   scripts/sctp-tests.sh                      # what .ci/run calls
#   SOCK_BUILD_DIR=.build-sctp scripts/sctp-tests.sh
#
# 1. Builds the test bundle: `swift build --build-tests --scratch-path $SOCK_BUILD_DIR` (default
#    .build), unless SOCK_SCTP_SKIP_BUILD=1.
# 2. Boots it under scripts/sctp-vm/run.sh (Debian kernel + sctp.ko under qemu; see
#    scripts/sctp-vm/README.md) with swift-testing and `--filter SCTP`, and with
#      SOCK_REQUIRE_SCTP=1  a kernel without SCTP fails the suites instead of skipping them;
#      SOCK_SCTP_VM=1       tests that change the network (routes for the dial-timeout test) may
#                           run: the VM is thrown away afterwards.
# 3. Checks the result: the VM must report (run.sh exits non-zero on a hung, crashed or silent
#    guest), the bundle must exit 0, and the swift-testing summary must say that more than zero
#    tests ran and passed. The console log is kept in $SOCK_BUILD_DIR/sctp-tests.log.
#
# Exit status: 0 when all of that holds, non-zero otherwise.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
cd "$ROOT"
. "$ROOT/scripts/lib/swift-build.sh"

build_dir=${SOCK_BUILD_DIR:-.build}
case "$build_dir" in /*) ;; *) build_dir="$ROOT/$build_dir" ;; esac
log="$build_dir/sctp-tests.log"
start=$(date +%s.%N)

say() { printf 'sctp-tests: %s\n' "$*" >&2; }
elapsed() { awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

if [ "${SOCK_SCTP_SKIP_BUILD:-0}" != 1 ]; then
    say "building the test bundle in $build_dir"
    swift_build --build-tests --scratch-path "$build_dir"
fi
bundle=$(find "$build_dir/debug/" -maxdepth 1 -name '*PackageTests.xctest' -type f | sed -n 1p)
if [ -z "$bundle" ]; then
    say "no *PackageTests.xctest in $build_dir/debug (build first)"
    exit 1
fi
say "bundle: $bundle (built in $(elapsed)s)"

mkdir -p "$(dirname "$log")"
rc=0
# sockcat next to the bundle: SockcatTests' SCTP suites drive it inside the VM.
extra=()
sockcat="$(dirname "$bundle")/sockcat"
[ -x "$sockcat" ] && extra+=(--file "$sockcat")
"$HERE/sctp-vm/run.sh" --timeout 600 \
    --env SOCK_REQUIRE_SCTP=1 --env SOCK_SCTP_VM=1 "${extra[@]}" \
    -- "$bundle" --testing-library swift-testing --filter SCTP 2>&1 | tee "$log" || rc=$? # pipefail: run.sh's status

summary=$(grep -aE 'Test run with [0-9]+ tests?' "$log" | tail -n 1 || true)
count=$(printf '%s\n' "$summary" | sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p')
if [ "$rc" -ne 0 ]; then
    say "FAILED: the VM run exited $rc (see $log)"
    exit "$rc"
fi
if [ -z "$count" ] || [ "$count" -eq 0 ]; then
    say "FAILED: no swift-testing summary with tests in the VM output (see $log)"
    exit 1
fi
if ! printf '%s\n' "$summary" | grep -q 'passed'; then
    say "FAILED: $summary"
    exit 1
fi
skipped=$(grep -acE 'Test .* skipped' "$log" || true)
say "PASSED: $count tests ($skipped skipped) in the VM; total $(elapsed)s"
