#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/Targets against the package's own sources.
#
# SwiftPM cannot link a libFuzzer entry point into an executable target, so this script compiles
# the library the way SwiftPM does, by hand, with `-sanitize=fuzzer,address` coverage:
#   1. gen-consts (built with SwiftPM in the scratch dir) emits LinuxABI.generated.swift and
#      Constants.generated.swift (SC, Errno) from the committed ABI tables and
#      Tools/gen-consts/spec/portable.list, exactly as the ConstGen build plugin does;
#   2. CPlatform's C files -> objects (clang, -fsanitize=fuzzer-no-link,address);
#   3. SockPOSIX (its sources + the generated file) and SockLinux -> one object and one
#      .swiftmodule each (whole-module, -O, same -package-name so `package` symbols link);
#   4. each Fuzz/Targets/<Name>.swift + Fuzz/Support/*.swift -> an executable <scratch>/bin/<Name>.
#
# Usage: Fuzz/build.sh [target...]     (default: every target)
# Env:   FUZZ_SCRATCH (default .build-fuzz at the package root)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${FUZZ_SCRATCH:-$root/.build-fuzz}"
work="$scratch/fuzz"
mkdir -p "$work/obj" "$work/modules" "$work/bin"
# The toolchain's clang (it ships the sanitizer and libFuzzer runtimes swiftc links).
clang="${CLANG:-$(dirname "$(command -v swiftc)")/clang}"

swiftc_flags=(-O -g -swift-version 6 -package-name sock -sanitize=fuzzer,address -parse-as-library
    -Xcc -fmodule-map-file="$work/CPlatform.modulemap" -I "$work/modules")

# 1. The generated ABI constants.
swift build --scratch-path "$scratch" --product gen-consts -c release >/dev/null
gen="$(swift build --scratch-path "$scratch" --product gen-consts -c release --show-bin-path)/gen-consts"
"$gen" emit --output "$work/LinuxABI.generated.swift.new" --list "$root/Tools/gen-consts/spec/portable.list" \
    --list-output "$work/Constants.generated.swift.new" "$root"/Sources/SockPOSIX/ABI/*.abi
# Replaced only when they change, so an unchanged tree does not recompile SockPOSIX (and relink
# every target) on each run.
for generated in LinuxABI.generated.swift Constants.generated.swift; do
    if cmp -s "$work/$generated.new" "$work/$generated"; then rm "$work/$generated.new"
    else mv "$work/$generated.new" "$work/$generated"; fi
done

# 2. CPlatform.
cat >"$work/CPlatform.modulemap" <<MAP
module CPlatform {
    header "$root/Sources/CPlatform/include/CPlatform.h"
    export *
}
MAP
cobjs=()
for c in "$root"/Sources/CPlatform/*.c; do
    o="$work/obj/CPlatform-$(basename "$c" .c).o"
    cobjs+=("$o")
    if [ -f "$o" ] && [ -z "$(find "$c" "$root/Sources/CPlatform/include" -newer "$o" -type f | sed -n 1p)" ]; then
        continue
    fi
    "$clang" -c -O2 -g -fPIC -fsanitize=fuzzer-no-link,address -I "$root/Sources/CPlatform/include" "$c" -o "$o"
done

# 3. The library modules (rebuilt only when a source is newer than the object).
build_module() {  # name, sources...
    local name="$1"; shift
    local obj="$work/obj/$name.o"
    local newest
    newest="$(ls -t "$@" | sed -n 1p)"  # sed reads all: `head` could SIGPIPE ls under pipefail
    if [ -f "$obj" ] && [ "$obj" -nt "$newest" ] && [ "$obj" -nt "$0" ]; then return; fi
    echo "fuzz: compiling $name ($# files)"
    swiftc "${swiftc_flags[@]}" -module-name "$name" -wmo -c "$@" -o "$obj" \
        -emit-module -emit-module-path "$work/modules/$name.swiftmodule"
}
mapfile -t posix_sources < <(find "$root/Sources/SockPOSIX" -name '*.swift' | sort)
build_module SockPOSIX "${posix_sources[@]}" "$work/LinuxABI.generated.swift" "$work/Constants.generated.swift"
mapfile -t linux_sources < <(find "$root/Sources/SockLinux" -name '*.swift' | sort)
build_module SockLinux "${linux_sources[@]}"

# 4. The targets.
if [ $# -eq 0 ]; then
    set -- $(cd "$root/Fuzz/Targets" && ls *.swift | sed 's/\.swift$//')
fi
for name in "$@"; do
    bin="$work/bin/$name"
    # A target may compile package files beside the library (Fuzz/Targets/<Name>.sources: one path
    # a line, relative to the package root), e.g. sockcat's sink accounting, which is not a library.
    extra=()
    if [ -f "$root/Fuzz/Targets/$name.sources" ]; then
        while read -r source; do
            if [ -n "$source" ]; then extra+=("$root/$source"); fi
        done <"$root/Fuzz/Targets/$name.sources"
    fi
    if [ -f "$bin" ] && [ -z "$(find "$root/Fuzz/Targets/$name.swift" "$root/Fuzz/Support" "$work/obj" "$0" \
        ${extra[@]+"${extra[@]}"} -newer "$bin" -type f 2>/dev/null | sed -n 1p)" ]; then
        continue
    fi
    echo "fuzz: linking $name"
    swiftc "${swiftc_flags[@]}" -module-name "$name" \
        "$root/Fuzz/Targets/$name.swift" "$root"/Fuzz/Support/*.swift ${extra[@]+"${extra[@]}"} \
        "$work/obj/SockPOSIX.o" "$work/obj/SockLinux.o" "${cobjs[@]}" \
        -o "$work/bin/$name" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
done
echo "fuzz: binaries in $work/bin"
