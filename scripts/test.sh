#!/usr/bin/env bash
# The whole test suite (what CI runs, via .ci/run). Each step prints a header with the elapsed
# time; the script stops at the first failure. Steps that need a tool the machine lacks install
# it themselves (.ci/run installs everything up front on a fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - start ))s)"; }

step "swift build (library, tools, tests)"
swift build --build-tests

step "swift test (all Swift test targets but ReliabilityTests, which is still being finished: issue 8)"
swift test --skip-build --skip ReliabilityTests 2>&1 | tee .build/swift-test.log
swift_tests=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} in .* passed.*/\1/p' .build/swift-test.log | tail -n 1)
[ -n "$swift_tests" ] || { echo "swift test: no passing summary line"; exit 1; }

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

step "Benchmarks: every sock-bench workload runs (smoke) and the C baselines build"
swift build -c release --package-path Benchmarks --product sock-bench
bench=Benchmarks/.build/release/sock-bench
for w in $("$bench" --list); do "$bench" "$w" --iterations 200 --warmup 10; done
make -s -C Benchmarks/baseline

step "Benchmarks: zero-malloc thresholds (ordo-one/benchmark)"
(cd Benchmarks && swift package --disable-sandbox benchmark thresholds check --no-progress)

echo
echo "== all steps passed in $(( $(date +%s) - start ))s"
echo "tests: ${swift_tests} passed, 0 failed"
