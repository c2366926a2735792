#!/usr/bin/env bash
# The whole test suite (what CI runs: .ci/run is this script). Each step prints a header with the
# elapsed time and its own counts; the script stops at the first failure.
#
#   scripts/test.sh                # install the missing Debian packages, then every step
#   scripts/test.sh --deps-only    # only the first step: scripts/install-deps.sh
#   SOCK_SKIP_INSTALL=1 scripts/test.sh   # every step but the install (packages already there)
#
# The first step, scripts/install-deps.sh, installs the Debian packages the suite needs when some
# are missing (apt-get, as root or through `sudo -n`; otherwise it prints the command and the run
# stops), so a fresh Debian 12 machine with Swift needs nothing added by hand.
#
# Reliability (issue 8): swift test includes ReliabilityTests (1M-operation descriptor stress,
# 10,000-connection load, EMFILE, faults, the bad-input table); then a short libFuzzer run of
# every target (FUZZ_SECONDS each, after replaying Fuzz/Regressions), the whole suite under
# AddressSanitizer and under ThreadSanitizer, and the LeakSanitizer checks. Those builds use
# their own scratch paths (.build-fuzz, .build-asan, .build-tsan), never .build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/swift-build.sh
deps_only=
case "${1:-}" in
    "") ;;
    --deps-only) deps_only=1 ;;
    *) echo "usage: scripts/test.sh [--deps-only]  (environment: SOCK_SKIP_INSTALL=1, FUZZ_SECONDS)" >&2; exit 64 ;;
esac
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start ))s)"; }
# The last line of FILE matching PATTERN (a step's own count line); fails the run when missing.
counts() {
    local line
    line=$(grep -E "$2" "$1" | tail -n 1 || true)
    [ -n "$line" ] || { echo "no count line /$2/ in $1" >&2; return 1; }
    echo "$line"
}

step "Packages: the Debian packages the suite needs (scripts/install-deps.sh)"
if [ -n "${SOCK_SKIP_INSTALL:-}" ] && [ "$SOCK_SKIP_INSTALL" != 0 ]; then
    echo "skipped (SOCK_SKIP_INSTALL=$SOCK_SKIP_INSTALL); what is missing:"
    scripts/install-deps.sh --check || true
else
    scripts/install-deps.sh
fi
[ -z "$deps_only" ] || exit 0

step "swift build (library, tools, tests)"
swift_build --build-tests

step "API: the syscall seam (no raw results above Syscalls/) and the compile-failure checks"
scripts/check-seam.sh
scripts/check-capabilities.sh

step "swift test (every Swift test target, ReliabilityTests included)"
swift test --skip-build 2>&1 | tee .build/swift-test.log
swift_tests=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' .build/swift-test.log | tail -n 1)
[ -n "$swift_tests" ] || { echo "swift test: no passing summary line"; exit 1; }
echo "swift test: $swift_tests tests passed"

step "swift test: the async suites again, on the event loop's io_uring backend (SOCK_EVENT_LOOP_BACKEND=io_uring)"
# Where io_uring is refused, the loops fall back to epoll (and say so) and AsyncRingTests skip
# with the reason: this step then repeats the epoll run.
SOCK_EVENT_LOOP_BACKEND=io_uring swift test --skip-build \
    --filter 'AsyncLoopTests|AsyncLoopLifetimeTests|AsyncExtrasTests|AsyncExtrasSCTPTests|AsyncRingTests|AsyncRingFallbackTests|AsyncExample' \
    2>&1 | tee .build/swift-test-uring.log
uring_tests=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' .build/swift-test-uring.log | tail -n 1)
[ -n "$uring_tests" ] || { echo "swift test (io_uring): no passing summary line"; exit 1; }
echo "swift test (io_uring backend): $uring_tests tests passed"

step "Fuzz: every libFuzzer target, ${FUZZ_SECONDS:-5} s each (seeds + regression inputs)"
scripts/fuzz.sh 2>&1 | tee .build/fuzz.log
fuzz_counts=$(counts .build/fuzz.log '^fuzz: [0-9]+ targets')

step "Sanitizers: the whole suite under AddressSanitizer (.build-asan)"
scripts/sanitizers.sh address 2>&1 | tee .build/asan.log
asan_counts=$(counts .build/asan.log '^== address: passed')

step "Sanitizers: the whole suite under ThreadSanitizer, libc syscall path (.build-tsan)"
scripts/sanitizers.sh thread 2>&1 | tee .build/tsan.log
tsan_counts=$(counts .build/tsan.log '^== thread: passed')

step "Leaks: LeakSanitizer on the leak workload and the reliability and Linux suites (.build-asan)"
scripts/leaks.sh 2>&1 | tee .build/leaks.log
leaks_counts=$(counts .build/leaks.log '^leaks: passed')

step "ABI: the C layer and every table row on x86_64, arm64, riscv64, loongarch64 (qemu-user)"
scripts/xarch/run.sh

step "ABI: Embedded Swift selects the right generated table on arm64, riscv64, x86_64"
scripts/xarch/embedded.sh

step "ABI: gen-consts extract reproduces the committed tables byte for byte"
scripts/abi-reproduce.sh

step "SCTP: VM runner self-test"
scripts/sctp-vm/selftest.sh

step "SCTP: the SCTP suites in a VM whose kernel has SCTP (Debian kernel under qemu)"
SOCK_SCTP_SKIP_BUILD=1 scripts/sctp-tests.sh

step "Docs: the DocC catalogue builds without warnings"
scripts/docs.sh

step "Benchmarks: the C baselines and the load generator build, every sock-bench workload runs (smoke)"
make -s -C Benchmarks/baseline   # first: the echo workloads (nio-echo-1000) run baseline/build/loadgen
swift_build -c release --package-path Benchmarks --product sock-bench
bench=Benchmarks/.build/release/sock-bench
for w in $("$bench" --list); do "$bench" "$w" --iterations 200 --warmup 10; done

step "Benchmarks: zero-malloc thresholds (ordo-one/benchmark)"
(cd Benchmarks && swift package --disable-sandbox benchmark thresholds check --no-progress)

echo
echo "== all steps passed in $(( $(date +%s) - start ))s"
echo "swift test: ${swift_tests} tests passed"
echo "$fuzz_counts"
echo "ASan ${asan_counts#== address: }"
echo "TSan ${tsan_counts#== thread: }"
echo "LSan ${leaks_counts#leaks: }"
echo "tests: ${swift_tests} passed, 0 failed"
