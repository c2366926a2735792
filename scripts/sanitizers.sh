#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and ThreadSanitizer.
#
#   scripts/sanitizers.sh            both
#   scripts/sanitizers.sh address    only ASan (scratch dir .build-asan)
#   scripts/sanitizers.sh thread     only TSan (scratch dir .build-tsan)
#
# The TSan build routes every syscall through libc (-DSOCK_LIBC_SYSCALLS): TSan models the
# happens-before edges of descriptors (close/accept/socket reuse) through its libc
# interceptors, which raw syscalls bypass. Leak detection is off here (scripts/leaks.sh does it).
# Stress counts are lowered under the sanitizers (they run 5-20x slower); override with the same
# environment variables as the plain run (SOCK_STRESS_OPS, SOCK_LOAD_CONNECTIONS, ...).
# Suppressions: scripts/sanitizers/tsan.supp (each entry says why). Exits non-zero on any report.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
. scripts/lib/swift-build.sh
which=("${@:-address thread}")
set -- ${which[*]}

export SOCK_STRESS_OPS="${SOCK_STRESS_OPS:-50000}"
export SOCK_LEAK_ROUNDS="${SOCK_LEAK_ROUNDS:-50}"

run() {  # sanitizer, scratch dir, extra build flags...
    local sanitizer="$1" scratch="$2"; shift 2
    local started=$(date +%s)
    echo "== $sanitizer: build ($scratch)"
    # Called as `run ... || failed=1`, where set -e does not apply: a failed build ends the run.
    if ! swift_build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" "$@"; then
        echo "== $sanitizer: FAILED: the build failed"
        return 1
    fi
    echo "== $sanitizer: swift test"
    local log="$scratch/sanitizer-test.log"
    local status=0
    swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@" 2>&1 | tee "$log" || status=$?
    # A sanitizer report fails the run even when the process survived it.
    if grep -qE "^(==[0-9]+==ERROR: AddressSanitizer|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|UndefinedBehavior)Sanitizer)" "$log"; then
        echo "== $sanitizer: sanitizer reports in $log:"
        grep -E "ERROR: AddressSanitizer|WARNING: ThreadSanitizer|SUMMARY:" "$log" | sort | uniq -c | head -20
        status=1
    fi
    local tests reports
    tests=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log" | tail -n 1)
    reports=$(grep -cE "^(==[0-9]+==ERROR: AddressSanitizer|WARNING: ThreadSanitizer)" "$log" || true)
    [ -n "$tests" ] || { echo "== $sanitizer: no test summary line in $log"; status=1; }
    echo "== $sanitizer: $( [ $status -eq 0 ] && echo passed || echo FAILED ): ${tests:-?} tests run, ${reports} sanitizer reports, in $(( $(date +%s) - started ))s"
    return $status
}

failed=0
for s in "$@"; do
    case "$s" in
        address)
            ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:${ASAN_OPTIONS:-}" \
                run address "$root/.build-asan" || failed=1
            ;;
        thread)
            TSAN_OPTIONS="halt_on_error=0:second_deadlock_stack=1:suppressions=$root/scripts/sanitizers/tsan.supp:${TSAN_OPTIONS:-}" \
                run thread "$root/.build-tsan" -Xswiftc -DSOCK_LIBC_SYSCALLS || failed=1
            ;;
        *) echo "unknown sanitizer: $s (address or thread)"; exit 2 ;;
    esac
done
exit $failed
