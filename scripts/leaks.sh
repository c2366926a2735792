#!/usr/bin/env bash
# Leak checks: sockets, batches and everything around them release what they take.
#
#   1. LeakSanitizer (ASan build in .build-asan): the leak workload (ReliabilityTests
#      LeakTests, every kind of socket, batches, control messages, descriptor passing, TCP_INFO,
#      the error queue, errors and address text, repeated) in its own process, then the
#      reliability and Linux test targets, all with detect_leaks=1.
#   2. The in-process check (LeakTests, in the normal suite too): heap in use (glibc's
#      malloc_info totals) and /proc/self/fd return to their baseline after SOCK_LEAK_ROUNDS
#      rounds, in a child process of the plain build.
#
# Not valgrind: Debian 12's valgrind 3.19 cannot read the Swift toolchain's DWARF 5 ("Possibly
# corrupted debuginfo file") and, with debug info stripped, crashes in libdispatch's threads
# under the Swift Testing runner. LeakSanitizer sees the same heap without those problems.
#
# Exits non-zero on any leak. Suppressions: scripts/sanitizers/lsan.supp (each entry says why).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
. scripts/lib/swift-build.sh
failed=0
leaks=0
export SOCK_LEAK_ROUNDS="${SOCK_LEAK_ROUNDS:-50}"
child_args=(--testing-library swift-testing --filter leakWorkloadChild)

echo "== LeakSanitizer: build (.build-asan)"
swift_build --build-tests --sanitize=address --scratch-path "$root/.build-asan"
bin="$(swift build --sanitize=address --scratch-path "$root/.build-asan" --show-bin-path)"
xctest="$(ls -d "$bin"/*PackageTests.xctest | sed -n 1p)"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

echo "== LeakSanitizer: leak workload, $SOCK_LEAK_ROUNDS rounds"
if SOCK_RELIABILITY_CHILD=leaks "$xctest" "${child_args[@]}" >"$root/.build-asan/leaks-workload.log" 2>&1; then
    grep "CHILD:" "$root/.build-asan/leaks-workload.log" || true
    echo "   no leaks"
else
    echo "   FAILED:"; grep -A30 "LeakSanitizer\|CHILD:\|error" "$root/.build-asan/leaks-workload.log" | head -60
    leaks=$(( leaks + $(grep -cE "^(Direct|Indirect) leak of" "$root/.build-asan/leaks-workload.log" || true) ))
    failed=1
fi

echo "== LeakSanitizer: ReliabilityTests and SockLinuxTests"
log="$root/.build-asan/leaks-suite.log"
if swift test --skip-build --sanitize=address --scratch-path "$root/.build-asan" \
    --filter 'ReliabilityTests|SockLinuxTests' >"$log" 2>&1 && ! grep -q "LeakSanitizer" "$log"; then
    echo "   no leaks"
else
    echo "   FAILED:"; grep -B2 -A30 "LeakSanitizer" "$log" | head -80 || tail -40 "$log"
    leaks=$(( leaks + $(grep -cE "^(Direct|Indirect) leak of" "$log" || true) ))
    failed=1
fi
tests=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)
[ -n "$tests" ] || { echo "   no test summary line in $log"; failed=1; }

echo "leaks: $( [ $failed -eq 0 ] && echo passed || echo FAILED ): workload $SOCK_LEAK_ROUNDS rounds, ${tests:-?} tests under LeakSanitizer, $leaks leaks found"
exit $failed
