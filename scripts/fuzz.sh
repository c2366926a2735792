#!/usr/bin/env bash
# Runs every libFuzzer target in Fuzz/Targets (built by Fuzz/build.sh), one at a time.
#
#   scripts/fuzz.sh                 short CI run: FUZZ_SECONDS (default 5) seconds per target
#   scripts/fuzz.sh --long          FUZZ_RUNS (default 10,000,000) executions per target, or
#                                   FUZZ_LONG_SECONDS (default 600) seconds, whichever comes first
#   scripts/fuzz.sh [--long] NAME…  only these targets
#
# Each target starts from the committed seeds (Fuzz/Seeds/<target>) plus the corpus it grew in
# earlier runs (<scratch>/fuzz/corpus/<target>, not committed). A crash input is saved as
# <scratch>/fuzz/crashes/<target>-crash-<sha1>; reproduce with `<scratch>/fuzz/bin/<target> FILE`.
# Exits non-zero when any target crashes. Prints executions and coverage per target; --long also
# writes a Markdown table to <scratch>/fuzz/long-run.md (copy it into Fuzz/RESULTS.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${FUZZ_SCRATCH:-$root/.build-fuzz}"
export FUZZ_SCRATCH="$scratch"
long=0
if [ "${1:-}" = "--long" ]; then long=1; shift; fi
seconds="${FUZZ_SECONDS:-5}"
runs="${FUZZ_RUNS:-10000000}"
long_seconds="${FUZZ_LONG_SECONDS:-600}"
# A Swift runtime trap then shows as libFuzzer's "deadly signal" with the trap's frame, instead
# of the Swift backtracer (whose memory reads AddressSanitizer reports as a second crash).
export SWIFT_BACKTRACE=enable=no

"$root/Fuzz/build.sh" "$@"
work="$scratch/fuzz"
if [ $# -eq 0 ]; then
    set -- $(cd "$root/Fuzz/Targets" && ls *.swift | sed 's/\.swift$//')
fi
mkdir -p "$work/crashes" "$work/logs"
summary="$work/long-run.md"
if [ $long -eq 1 ]; then
    {
        echo "| target | executions | time (s) | exec/s | coverage (edges) | features | corpus | crashes |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    } >"$summary"
fi
failed=()
total_execs=0
total_crashes=0
replayed=0
for name in "$@"; do
    # Every crash found so far is kept in Fuzz/Regressions/<target>/ and replayed first.
    if [ -d "$root/Fuzz/Regressions/$name" ]; then
        for input in "$root/Fuzz/Regressions/$name"/*; do
            replayed=$(( replayed + 1 ))
            if ! "$work/bin/$name" "$input" >"$work/logs/$name.regression.log" 2>&1; then
                echo "fuzz: $name REGRESSION $(basename "$input") still crashes:"
                grep -E "runtime failure|invariant|ERROR|#[4-7] " "$work/logs/$name.regression.log" | head -6
                failed+=("$name:$(basename "$input")")
                total_crashes=$(( total_crashes + 1 ))
            fi
        done
    fi
    corpus="$work/corpus/$name"
    mkdir -p "$corpus"
    log="$work/logs/$name.log"
    limit=(-max_total_time="$seconds")
    [ $long -eq 1 ] && limit=(-runs="$runs" -max_total_time="$long_seconds")
    seeds=()
    [ -d "$root/Fuzz/Seeds/$name" ] && seeds=("$root/Fuzz/Seeds/$name")
    started=$(date +%s)
    status=0
    "$work/bin/$name" "${limit[@]}" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$name-" "$corpus" ${seeds[@]+"${seeds[@]}"} >"$log" 2>&1 || status=$?
    elapsed=$(( $(date +%s) - started ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
    crashes=0
    if [ $status -ne 0 ]; then
        crashes=1
        failed+=("$name")
        echo "fuzz: $name FAILED (exit $status); last lines of $log:"
        grep -E 'invariant|ERROR|SUMMARY|Fatal error|artifact' "$log" | head -20 || tail -20 "$log"
    fi
    if [ $status -eq 0 ] && [ "${execs:-0}" -eq 0 ]; then
        echo "fuzz: $name ran no executions; see $log"
        failed+=("$name:no-executions")
    fi
    total_execs=$(( total_execs + ${execs:-0} ))
    total_crashes=$(( total_crashes + crashes ))
    echo "fuzz: $name: ${execs:-?} executions in ${elapsed}s, coverage ${cov:-?} edges, ${ft:-?} features, corpus ${corp:-?}, crashes $crashes"
    if [ $long -eq 1 ]; then
        rate=$(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) ))
        echo "| $name | ${execs:-?} | $elapsed | $rate | ${cov:-?} | ${ft:-?} | ${corp:-?} | $crashes |" >>"$summary"
    fi
done
[ $long -eq 1 ] && { echo; cat "$summary"; }
echo "fuzz: $# targets, $total_execs executions, $total_crashes crashes, $replayed regression inputs replayed"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes in: ${failed[*]}"
    exit 1
fi
echo "fuzz: all targets ran clean"
