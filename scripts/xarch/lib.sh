# lib.sh: shared by run.sh and embedded.sh (sourced, not run).
#
# Environment (all optional):
#   XARCH_WORK      work dir (default: <repo>/.build-xarch-work); headers are cached there
#   XARCH_KERNEL_VERSION  linux-source-6.12 version to fetch (default: the one the tables name)
#   XARCH_QEMU_DIR  directory holding qemu-aarch64/-riscv64/-loongarch64 (default: from PATH)
#   CLANG, LLD      default clang-19 and ld.lld-19

xarch_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
xarch_dir=$xarch_root/scripts/xarch
CLANG=${CLANG:-clang-19}
LLD=${LLD:-ld.lld-19}

xlog() { printf '[xarch] %s\n' "$*" >&2; }
xdie() { printf '[xarch] error: %s\n' "$*" >&2; exit 2; }

# arch_info ARCH: sets K (headers_install ARCH), TRIPLE, ARCH_CFLAGS, RUNNER (empty = native).
arch_info() {
    ARCH_CFLAGS=
    case $1 in
        x86_64) K=x86; TRIPLE=x86_64-linux-gnu; RUNNER= ;;
        arm64) K=arm64; TRIPLE=aarch64-linux-gnu; RUNNER=qemu-aarch64 ;;
        riscv64) K=riscv; TRIPLE=riscv64-linux-gnu; RUNNER=qemu-riscv64 ;;
        # Debian 12's qemu 7.2 has no LSX (qemu 8.1+ has): build for the base ISA.
        loongarch64) K=loongarch; TRIPLE=loongarch64-linux-gnu; RUNNER=qemu-loongarch64
                     ARCH_CFLAGS=-march=loongarch64 ;;
        *) xdie "unknown arch '$1' (x86_64 arm64 riscv64 loongarch64)" ;;
    esac
    if [ -n "$RUNNER" ] && [ -n "${XARCH_QEMU_DIR:-}" ]; then RUNNER=$XARCH_QEMU_DIR/$RUNNER; fi
    if [ "$1" = x86_64 ] && [ "$(uname -m)" != x86_64 ]; then RUNNER=qemu-x86_64; fi
}

# need_tool CMD PACKAGE
need_tool() {
    command -v "$1" >/dev/null 2>&1 || xdie "'$1' not found: apt-get install -y --no-install-recommends $2"
}

xarch_common_tools() {
    need_tool "$CLANG" clang-19
    need_tool "$LLD" lld-19
    need_tool make make
    need_tool gcc gcc
    need_tool rsync rsync
    need_tool xz xz-utils
    need_tool apt-get apt
}

# Freestanding C for every check program: no libc, no builtins turned into libc calls, no stack
# protector (no TLS canary without a libc), absolute addressing (static, non-PIE).
xarch_cflags() { # ARCH
    arch_info "$1"
    echo "--target=$TRIPLE $ARCH_CFLAGS -std=gnu11 -ffreestanding -nostdlibinc -fno-builtin -fno-stack-protector -fno-pic -O2"
}

# The installed headers for the tables (cached): sets HDR.
xarch_headers() { # WORK SPEC TABLE
    local work=$1 spec=$2 internal version
    internal=$(awk '$1 == "internal" { for (i = 2; i <= NF; i++) print $i }' "$spec" | tr '\n' ' ')
    version=${XARCH_KERNEL_VERSION:-$(table_kernel_version "$3")}
    "$xarch_dir/headers.sh" "$work" linux-source-6.12 "$version" $internal
    HDR=$work/hdr
}

# The kernel package version a table names in its header ("# kernel: linux-source-6.12 VERSION").
table_kernel_version() { sed -n 's/^# kernel: linux-source-6\.12 \([^ ]*\).*/\1/p' "$1" | head -1; }

# xarch_prelude ARCH SPEC OUT: writes OUT/prelude.h, the headers side of the row comparison:
#  - the spec's `prelude` lines and its UAPI `header`s;
#  - the userspace ABI the kernel keeps in internal headers (AF_*, MSG_*, SOCK_*, SHUT_*, struct
#    user_msghdr...): the spec's `internal` headers are preprocessed for the arch (UAPI headers on
#    the include path, stubs for everything else), then their object-like macros that UAPI does not
#    define, and the declarations the spec's `internal-decl` lines name, are copied;
#  - the spec's renames (`layout ROW KIND TAG`) as XT_TYPE_ROW.
# This re-implements the method of `gen-consts extract` independently (shell + awk), on purpose.
xarch_prelude() {
    local arch=$1 spec=$2 out=$3 cf inc i missing
    arch_info "$arch"
    cf="--target=$TRIPLE $ARCH_CFLAGS -ffreestanding -nostdlibinc -I$HDR/$K/include"
    mkdir -p "$out/stubs"
    # stubs named by the spec: `stub PATH C-TEXT` (lines joined)
    rm -rf "$out/stubs"; mkdir -p "$out/stubs"
    awk '$1 == "stub" { p = $2; $1 = ""; $2 = ""; sub(/^ +/, ""); print p "\t" $0 }' "$spec" |
        while IFS=$'\t' read -r p text; do
            mkdir -p "$(dirname "$out/stubs/$p")"
            printf '%s\n' "$text" >> "$out/stubs/$p"
        done
    # UAPI side
    {
        awk '$1 == "prelude" { sub(/^prelude[ \t]+/, ""); print }' "$spec"
        awk '$1 == "header" { for (i = 2; i <= NF; i++) print "#include <" $i ">" }' "$spec"
    } > "$out/uapi.h"
    # internal side: preprocess, adding an empty stub for each include that is missing
    : > "$out/internal.c"
    for i in $(awk '$1 == "internal" { for (i = 2; i <= NF; i++) print $i }' "$spec"); do
        echo "#include \"$HDR/internal/$i\"" >> "$out/internal.c"
    done
    inc="-I$out/stubs"
    for _ in $(seq 1 200); do
        if $CLANG $cf $inc -E -P "$out/internal.c" -o "$out/internal.i" 2> "$out/internal.err"; then
            missing=
            break
        fi
        missing=$(sed -n "s/.*fatal error: '\([^']*\)' file not found.*/\1/p" "$out/internal.err" | head -1)
        [ -n "$missing" ] || { cat "$out/internal.err" >&2; return 1; }
        mkdir -p "$(dirname "$out/stubs/$missing")"
        case $missing in
            uapi/*) echo "#include <${missing#uapi/}>" > "$out/stubs/$missing" ;;
            *) : > "$out/stubs/$missing" ;;
        esac
    done
    [ -z "$missing" ] || { xlog "internal headers: too many missing includes"; return 1; }
    $CLANG $cf $inc -E -dM "$out/internal.c" > "$out/internal.macros"
    $CLANG $cf -E -dM -x c "$out/uapi.h" > "$out/uapi.macros"
    {
        echo "/* generated by scripts/xarch/lib.sh (xarch_prelude) for $arch: do not edit */"
        echo "/* object-like macros of the internal headers that UAPI does not define (before the UAPI"
        echo "   headers: linux/sctp.h uses MSG_FIN); reserved names (_X, __x: guards, internals) left out */"
        awk 'NR == FNR { if ($1 == "#define") { n = $2; sub(/\(.*/, "", n); u[n] = 1 } next }
             $1 == "#define" && $2 !~ /\(/ && $2 !~ /^_/ && !($2 in u) { print "#ifndef " $2; print; print "#endif" }' \
            "$out/uapi.macros" "$out/internal.macros"
        echo "#include \"uapi.h\""
        echo "/* declarations copied from the internal headers */"
        awk '$1 == "internal-decl" { print $2, $3 }' "$spec" | while read -r kind tag; do
            awk -v kind="$kind" -v tag="$tag" '
                !on && match($0, "(^|[^A-Za-z0-9_])" kind "[ \t]+" tag "[ \t]*[{]") { on = 1; depth = 0 }
                on { print; depth += gsub(/[{]/, "{") - gsub(/[}]/, "}"); if (depth == 0 && /;/) { found = 1; exit } }
                END { if (!found) { print "#error \"internal-decl " kind " " tag " not found\"" } }' "$out/internal.i"
        done
        echo "/* row name -> C type, from the spec's layout lines */"
        awk '$1 == "layout" && ($3 == "struct" || $3 == "union" || $3 == "enum") {
                 print "#define XT_TYPE_" $2 " " $3 " " $4 }' "$spec"
    } > "$out/prelude.h"
}

# xarch_gen_consts WORK: sets GEN_CONSTS to a built gen-consts. $GEN_CONSTS if set; else SwiftPM
# (`swift build --product gen-consts`, scratch $XARCH_SWIFT_SCRATCH, default <repo>/.build-xarch:
# gen-consts is an executable target, not a declared product, and SwiftPM links such a target of the
# root package by name; `--target` would only compile it); if the package does not build, the
# tool's sources directly with swiftc (said so on stderr).
xarch_gen_consts() {
    local work=$1 scratch=${XARCH_SWIFT_SCRATCH:-$xarch_root/.build-xarch}
    if [ -n "${GEN_CONSTS:-}" ]; then
        [ -x "$GEN_CONSTS" ] || xdie "GEN_CONSTS=$GEN_CONSTS is not executable"
        return 0
    fi
    mkdir -p "$work"
    if (cd "$xarch_root" && swift build -q --scratch-path "$scratch" --product gen-consts) > "$work/gen-consts-build.log" 2>&1; then
        GEN_CONSTS=$(cd "$xarch_root" && swift build --scratch-path "$scratch" --show-bin-path)/gen-consts
        [ -x "$GEN_CONSTS" ] || xdie "swift build --product gen-consts left no binary at $GEN_CONSTS"
    else
        xlog "swift build --product gen-consts failed (see $work/gen-consts-build.log); building Tools/gen-consts with swiftc"
        swiftc -swift-version 6 -O "$xarch_root"/Tools/gen-consts/*.swift -o "$work/gen-consts" >&2
        GEN_CONSTS=$work/gen-consts
    fi
}
