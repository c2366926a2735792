#!/bin/bash
# Embedded Swift check of the generated ABI file (issue 2, item 5).
#
#   scripts/xarch/embedded.sh [-v] [--tables DIR] [--work DIR] [ARCH...]
#   (environment: see lib.sh; GEN_CONSTS=path skips building gen-consts; XARCH_SWIFT_OPT=-Osize)
#
# `gen-consts emit --access public` turns the four tables into one Swift file (the one SockPOSIX
# compiles) and `gen-consts emit --rows` into a second (their `tableText`, which only tests use);
# for each arch (default: arm64 riscv64 x86_64; the toolchain's Embedded stdlib exists for
# aarch64-none-none-elf, riscv64-none-none-eabi and x86_64-unknown-linux-gnu, not for loongarch64)
# both are compiled with swift/main.swift and Expected.swift (gen-swift.awk: the arch's table file
# baked in), linked with the freestanding C runtime (c/rt.c) and CPlatform's raw syscall layer, and
# run natively or under qemu-user. The program checks that `LinuxABI` is the running arch's table
# (compile-time overload resolution plus every row), and makes real syscalls with the table's
# numbers.
#
# The *-none-* targets are not os(Linux): the generated file's `#if os(Linux)` guard is widened for
# this build only (see the comment at the patch below), and Swift's clang importer gets -D__linux__
# so that cplatform_syscall.h exposes the entry points. Needs (apt): clang-19 lld-19 qemu-user.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tables=$xarch_root/Sources/SockPOSIX/ABI
work=${XARCH_WORK:-$xarch_root/.build-xarch-work}
verbose=
arches=()
while [ $# -gt 0 ]; do
    case $1 in
        --tables) tables=$2; shift 2 ;;
        --work) work=$2; shift 2 ;;
        -v) verbose=-v; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        -*) xdie "unknown option $1" ;;
        *) arches+=("$1"); shift ;;
    esac
done
[ ${#arches[@]} -gt 0 ] || arches=(arm64 riscv64 x86_64)
# -Onone: a third of -Osize's compile time here, and the same checks (XARCH_SWIFT_OPT=-Osize works).
opt=${XARCH_SWIFT_OPT:--Onone}
tables=$(cd "$tables" && pwd)

start=$(date +%s.%N)
need_tool swiftc "the Swift toolchain"
need_tool "$CLANG" clang-19
need_tool "$LLD" lld-19
embedded=$(dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")")/lib/swift/embedded
xarch_gen_consts "$work"
out0=$work/embedded
mkdir -p "$out0"
all_tables=("$tables/linux-x86_64.abi" "$tables/linux-arm64.abi" "$tables/linux-riscv64.abi" "$tables/linux-loongarch64.abi")
"$GEN_CONSTS" emit --access public --output "$out0/LinuxABI.swift" "${all_tables[@]}"
"$GEN_CONSTS" emit --rows --access public --output "$out0/ABITableRows.swift" "${all_tables[@]}"
inc=$xarch_root/Sources/CPlatform/include
ool_src=
for f in "$xarch_root"/Sources/CPlatform/*.c; do
    grep -q 'cplatform_syscall6_outofline *(' "$f" && ool_src=$f && break
done

failed=0
for a in "${arches[@]}"; do
    arch_info "$a"
    case $a in
        x86_64) st=x86_64-unknown-linux-gnu; sflags= ;;
        arm64) st=aarch64-none-none-elf; sflags= ;;
        # the eabi default is soft-float lp64; the Linux C objects are lp64d
        riscv64) st=riscv64-none-none-eabi; sflags="-Xcc -march=rv64gc -Xcc -mabi=lp64d" ;;
        *) echo "SKIP embedded-swift $a: the toolchain has no Embedded stdlib for it"; continue ;;
    esac
    [ -z "$RUNNER" ] || need_tool "$RUNNER" qemu-user
    [ -f "$embedded/Swift.swiftmodule/$st.swiftmodule" ] || {
        echo "FAIL embedded-swift $a: no Embedded stdlib for $st in $embedded"; failed=1; continue; }
    out=$out0/$a
    rm -rf "$out"; mkdir -p "$out"
    log=$out/build.log
    line=
    set +e
    (
        set -e
        gen=$out0/LinuxABI.swift
        if [[ $st == *-none-* ]]; then
            # A bare-metal triple is not os(Linux), so the generated typealias would vanish. Widen the
            # one `#if os(Linux)` guard for this build (the `#if arch` chain stays as generated) and
            # give Swift's clang __linux__ (the C objects are built for *-linux-gnu anyway).
            n=$(grep -c '^#if os(Linux)$' "$gen" || true)
            [ "$n" = 1 ] || { echo "expected one '#if os(Linux)' line in $gen, found $n"; exit 1; }
            sed 's/^#if os(Linux)$/#if os(Linux) || XARCH_FREESTANDING_LINUX/' "$gen" > "$out/LinuxABI.swift"
            gen=$out/LinuxABI.swift
            sflags="$sflags -D XARCH_FREESTANDING_LINUX -Xcc -D__linux__"
        fi
        printf 'module CPlatformSyscall {\n    header "%s"\n    export *\n}\n' "$inc/cplatform_syscall.h" > "$out/module.modulemap"
        awk -f "$xarch_dir/gen-swift.awk" "$tables/linux-$a.abi" > "$out/Expected.swift"
        nr_write=$(awk '$1 == "syscall" && $2 == "write" { print $3 }' "$tables/linux-$a.abi")
        nr_exit=$(awk '$1 == "syscall" && $2 == "exit_group" { print $3 }' "$tables/linux-$a.abi")
        swiftc -target "$st" -enable-experimental-feature Embedded -wmo -parse-as-library "$opt" \
            -swift-version 6 -Xfrontend -disable-stack-protector -I "$out" $sflags \
            -c "$gen" "$out0/ABITableRows.swift" "$out/Expected.swift" "$xarch_dir/swift/main.swift" -o "$out/swift.o"
        cf="$(xarch_cflags "$a") -Wall -Wextra -Werror -I$inc -I$xarch_dir/c"
        $CLANG $cf -DXT_NR_write="$nr_write" -DXT_NR_exit_group="$nr_exit" -c "$xarch_dir/c/rt.c" -o "$out/rt.o"
        if [ -n "$ool_src" ] && $CLANG $cf -c "$ool_src" -o "$out/outofline.o" 2> "$out/ool.err"; then
            echo "out-of-line entry point: $ool_src"
        else
            echo "out-of-line entry point: scripts/xarch/c/outofline.c"
            $CLANG $cf -c "$xarch_dir/c/outofline.c" -o "$out/outofline.o"
        fi
        $LLD -static -e _start -o "$out/check" "$out/swift.o" "$out/rt.o" "$out/outofline.o"
    ) > "$log" 2>&1
    [ $? -eq 0 ] || line="FAIL embedded-swift $a: build failed (see $log)"
    set -e
    if [ -z "$line" ]; then
        set +e
        timeout 60 ${RUNNER:+"$RUNNER"} "$out/check" $verbose > "$out/run.log" 2>&1
        rc=$?
        set -e
        summary=$(grep -E '^(PASS|FAIL) ' "$out/run.log" | tail -1 || true)
        if [ $rc -eq 0 ] && [ "${summary%% *}" = PASS ]; then
            line="$summary [$st, ${RUNNER:-native}]"
        else
            line="FAIL embedded-swift $a: exit $rc under ${RUNNER:-native}: ${summary:-no summary line} (see $out/run.log)"
        fi
    fi
    case $line in
        PASS*) [ -z "$verbose" ] || cat "$out/run.log" ;;
        *) failed=1; grep -E 'FAIL|error' "$out/run.log" "$log" 2>/dev/null | head -20 >&2 || true ;;
    esac
    echo "$line"
done
printf '[xarch] embedded: %d arch(es) in %.1f s\n' "${#arches[@]}" "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')" >&2
exit $failed
