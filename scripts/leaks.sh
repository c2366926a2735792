#!/usr/bin/env bash
# Leak checks: sockets, batches and everything around them release what they take.
#
#   1. LeakSanitizer (ASan build in .build-asan): the leak workload (ReliabilityTests
#      LeakTests, every kind of socket, batches, control messages, descriptor passing, TCP_INFO,
#      the error queue, errors and address text, repeated) in its own process, then the
#      reliability and Linux test targets, all with detect_leaks=1.
#   2. valgrind memcheck (plain debug build, $LEAKS_SCRATCH, default .build): the same workload,
#      definite and indirect leaks are errors; plus descriptors: --track-fds=yes must show only the
#      standard streams and the harness's own descriptors open at exit.
#   3. The in-process check (LeakTests): heap in use (mallinfo2) and /proc/self/fd return to
#      their baseline after SOCK_LEAK_ROUNDS rounds (runs in the normal suite too).
#
# Exits non-zero on any leak. Suppressions: scripts/sanitizers/lsan.supp (each entry says why).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
failed=0
export SOCK_LEAK_ROUNDS="${SOCK_LEAK_ROUNDS:-50}"
child_args=(--testing-library swift-testing --filter leakWorkloadChild)

echo "== LeakSanitizer: build (.build-asan)"
swift build --build-tests --sanitize=address --scratch-path "$root/.build-asan"
bin="$(swift build --sanitize=address --scratch-path "$root/.build-asan" --show-bin-path)"
xctest="$(ls -d "$bin"/*PackageTests.xctest | head -1)"
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"

echo "== LeakSanitizer: leak workload, $SOCK_LEAK_ROUNDS rounds"
if SOCK_RELIABILITY_CHILD=leaks "$xctest" "${child_args[@]}" >"$root/.build-asan/leaks-workload.log" 2>&1; then
    grep "CHILD:" "$root/.build-asan/leaks-workload.log" || true
    echo "   no leaks"
else
    echo "   FAILED:"; grep -A30 "LeakSanitizer\|CHILD:\|error" "$root/.build-asan/leaks-workload.log" | head -60
    failed=1
fi

echo "== LeakSanitizer: ReliabilityTests and SockLinuxTests"
log="$root/.build-asan/leaks-suite.log"
if swift test --skip-build --sanitize=address --scratch-path "$root/.build-asan" \
    --filter 'ReliabilityTests|SockLinuxTests' >"$log" 2>&1 && ! grep -q "LeakSanitizer" "$log"; then
    grep -E "^(✔|✘|􀟈|.*Test run with)" "$log" | tail -2 || true
    echo "   no leaks"
else
    echo "   FAILED:"; grep -B2 -A30 "LeakSanitizer" "$log" | head -80 || tail -40 "$log"
    failed=1
fi

if command -v valgrind >/dev/null; then
    scratch="${LEAKS_SCRATCH:-$root/.build}"
    echo "== valgrind: build ($scratch)"
    swift build --build-tests --scratch-path "$scratch"
    xctest="$(ls -d "$(swift build --scratch-path "$scratch" --show-bin-path)"/*PackageTests.xctest | head -1)"
    log="$scratch/leaks-valgrind.log"
    echo "== valgrind: leak workload, ${VALGRIND_ROUNDS:-10} rounds"
    if SOCK_RELIABILITY_CHILD=leaks SOCK_LEAK_ROUNDS="${VALGRIND_ROUNDS:-10}" \
        valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=yes \
        --log-file="$log" "$xctest" "${child_args[@]}" >"$log.out" 2>&1; then
        grep "CHILD:" "$log.out" || true
        grep -E "definitely lost|indirectly lost|FILE DESCRIPTORS" "$log" || echo "   no leaks"
    else
        echo "   FAILED (status $?):"; grep -E "definitely|indirectly|ERROR SUMMARY|by 0x" "$log" | head -40
        tail -20 "$log.out"
        failed=1
    fi
else
    echo "== valgrind: not installed (apt-get install valgrind); skipped"
fi
exit $failed
