#!/bin/bash
# Cross-arch check of the C layer and the ABI tables (issue 2, item 5).
#
#   scripts/xarch/run.sh [-v|-vv] [--tables DIR] [--spec FILE] [--work DIR] [ARCH...]
#
# For each arch (default: x86_64 arm64 riscv64 loongarch64), with clang-19 and ld.lld-19, builds a
# freestanding static program (no libc, own _start: c/rt.c) from
#   - c/check.c: real syscalls through CPlatform's raw entry points, inline and out-of-line
#     (Sources/CPlatform/include/cplatform_syscall.h), with every syscall number, constant and
#     struct layout taken from the arch's TABLE (gen-c.awk -> xt_table.h);
#   - xt_rows.c (gen-c.awk): every row of the table next to the value the arch's kernel headers give
#     (linux-source-6.12, `make headers_install`, plus the kernel-internal userspace ABI the spec
#     names), evaluated by the compiler for that target;
# and runs it natively (x86_64) or under qemu-user. Prints one PASS/FAIL line per arch; exits 1 on
# any failure, 2 on a setup error. Logs and build products: WORK/out/<arch>/.
#
# Needs (apt): clang-19 lld-19 qemu-user make gcc rsync xz-utils.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tables=$xarch_root/Sources/SockPOSIX/ABI
spec=$xarch_root/Tools/gen-consts/spec/linux.spec
work=${XARCH_WORK:-$xarch_root/.build-xarch-work}
verbose=
arches=()
while [ $# -gt 0 ]; do
    case $1 in
        --tables) tables=$2; shift 2 ;;
        --spec) spec=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        -v|-vv) verbose=$1; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        -*) xdie "unknown option $1" ;;
        *) arches+=("$1"); shift ;;
    esac
done
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 arm64 riscv64 loongarch64)
tables=$(cd "$tables" && pwd)
[ -f "$spec" ] || xdie "no spec at $spec"
for a in "${arches[@]}"; do [ -f "$tables/linux-$a.abi" ] || xdie "no table $tables/linux-$a.abi"; done

start=$(date +%s.%N)
xarch_common_tools
for a in "${arches[@]}"; do arch_info "$a"; [ -z "$RUNNER" ] || need_tool "$RUNNER" qemu-user; done
xarch_headers "$work" "$spec" "$tables/linux-${arches[0]}.abi"
xlog "headers: $(cat "$HDR/VERSION"); tables: $tables"

inc=$xarch_root/Sources/CPlatform/include
# The out-of-line entry point: CPlatform's own file when it builds freestanding, else c/outofline.c.
ool_src=
for f in "$xarch_root"/Sources/CPlatform/*.c; do
    grep -q 'cplatform_syscall6_outofline *(' "$f" && ool_src=$f && break
done

failed=0
for a in "${arches[@]}"; do
    arch_info "$a"
    out=$work/out/$a
    rm -rf "$out"; mkdir -p "$out"
    log=$out/build.log
    line=
    {
        cf="$(xarch_cflags "$a") -I$inc -I$xarch_dir/c -I$out -I$HDR/$K/include"
        warn="-Wall -Wextra -Werror"
        awk -v out="$out" -f "$xarch_dir/gen-c.awk" "$tables/linux-$a.abi" &&
        xarch_prelude "$a" "$spec" "$out" &&
        $CLANG $cf $warn -c "$xarch_dir/c/rt.c" -o "$out/rt.o" &&
        $CLANG $cf $warn -c "$xarch_dir/c/check.c" -o "$out/check.o" &&
        $CLANG $cf -Wall -Werror -c "$out/xt_rows.c" -o "$out/xt_rows.o" &&
        if [ -n "$ool_src" ] && $CLANG $cf $warn -c "$ool_src" -o "$out/outofline.o" 2> "$out/ool.err"; then
            echo "out-of-line entry point: $ool_src"
        else
            echo "out-of-line entry point: scripts/xarch/c/outofline.c (${ool_src:-none} does not build freestanding)"
            $CLANG $cf $warn -c "$xarch_dir/c/outofline.c" -o "$out/outofline.o"
        fi &&
        $LLD -static -e _start -o "$out/check" "$out/rt.o" "$out/check.o" "$out/xt_rows.o" "$out/outofline.o"
    } > "$log" 2>&1 || { line="FAIL $a: build failed (see $log)"; }
    if [ -z "$line" ]; then
        set +e
        timeout 60 ${RUNNER:+"$RUNNER"} "$out/check" $verbose > "$out/run.log" 2>&1
        rc=$?
        set -e
        summary=$(grep -E '^(PASS|FAIL) ' "$out/run.log" | tail -1 || true)
        how=${RUNNER:-native}
        if [ $rc -eq 0 ] && [ "${summary%% *}" = PASS ]; then
            line="$summary [$how, $(sed -n 's/^out-of-line entry point: //p' "$log" | cut -d' ' -f1)]"
        else
            [ $rc -ne 124 ] || summary="timed out after 60 s"
            line="FAIL $a: exit $rc under $how: ${summary:-no summary line} (see $out/run.log)"
        fi
    fi
    case $line in
        PASS*) [ -z "$verbose" ] || cat "$out/run.log" ;;
        *) failed=1; grep -E 'FAIL|error' "$out/run.log" "$log" 2>/dev/null | head -20 >&2 || true ;;
    esac
    echo "$line"
done
printf '[xarch] %d arch(es) in %.1f s\n' "${#arches[@]}" "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')" >&2
exit $failed
