#!/bin/bash
# Kernel UAPI headers for the four arches, from Debian's linux-source package, with
# `make headers_install`. Cached in the work dir; prints nothing but progress to stderr.
#
#   scripts/xarch/headers.sh WORK [PACKAGE [VERSION]]
#
# Result: WORK/hdr/{x86,arm64,riscv,loongarch}/include and WORK/hdr/VERSION (the package version).
# Needs: apt-get (download only, no install), xz-utils, tar, make, gcc (host tools), rsync.
# If XARCH_HDR_ROOT is set, it must already hold {x86,arm64,riscv,loongarch}/include and is used
# as is (for example the work dir of `gen-consts extract`); nothing is downloaded.
set -euo pipefail

work=${1:?usage: headers.sh WORK [PACKAGE [VERSION]]}
pkg=${2:-linux-source-6.12}
want=${3:-}
karches="x86 arm64 riscv loongarch"
hdr=$work/hdr

log() { printf '[headers] %s\n' "$*" >&2; }

if [ -n "${XARCH_HDR_ROOT:-}" ]; then
    for k in $karches; do
        [ -f "$XARCH_HDR_ROOT/$k/include/asm/unistd.h" ] || { log "XARCH_HDR_ROOT lacks $k"; exit 1; }
    done
    mkdir -p "$work"
    rm -rf "$hdr"
    ln -s "$XARCH_HDR_ROOT" "$hdr"
    log "using headers in $XARCH_HDR_ROOT"
    exit 0
fi

stamp="$pkg${want:+ $want}"
if [ -f "$hdr/.stamp" ] && [ "$(cat "$hdr/.stamp")" = "$stamp" ]; then
    log "cached: $(cat "$hdr/VERSION")"
    exit 0
fi
[ -L "$hdr" ] && rm -f "$hdr"

src=$work/src
mkdir -p "$src"
# 1. The package (download only). Prefer the exact version the tables were made from.
deb=$(ls "$src"/"${pkg}"_*_all.deb 2>/dev/null | head -1 || true)
if [ -n "$want" ] && [ -n "$deb" ] && [ "$(dpkg-deb -f "$deb" Version)" != "$want" ]; then
    rm -f "$deb"; deb=
fi
if [ -z "$deb" ]; then
    log "apt-get download $pkg${want:+=$want}"
    if [ -n "$want" ]; then
        (cd "$src" && apt-get download -q "$pkg=$want" >&2) || {
            log "version $want not available; using the candidate version"
            (cd "$src" && apt-get download -q "$pkg" >&2)
        }
    else
        (cd "$src" && apt-get download -q "$pkg" >&2)
    fi
    deb=$(ls "$src"/"${pkg}"_*_all.deb | head -1)
fi
version=$(dpkg-deb -f "$deb" Version)

# 2. A slim tree: only what headers_install reads (about 25 MB instead of 1.5 GB).
tree=$src/$pkg
rm -rf "$tree"
log "extracting a slim $pkg $version tree"
pats=("$pkg/Makefile" "$pkg/scripts/*" "$pkg/include/uapi/*" "$pkg/include/asm-generic/Kbuild"
      "$pkg/usr/*" "$pkg/tools/include/*")
for k in $karches; do
    a=$pkg/arch/$k
    pats+=("$a/Makefile" "$a/Kbuild" "$a/include/uapi/*" "$a/include/asm/Kbuild" "$a/entry/syscalls/*"
           "$a/kernel/syscalls/*" "$a/kernel/Makefile.syscalls" "$a/tools/*")
done
# Not every pattern exists on every arch, so tar's "not found in archive" is expected: silenced.
dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" | xz -T2 -dc |
    tar -x -C "$src" --wildcards "${pats[@]}" 2>/dev/null || true
[ -f "$tree/Makefile" ] || { log "extraction failed"; exit 1; }

# 3. headers_install, one arch after another (they share host tools: fixdep races in parallel).
rm -rf "$hdr"
mkdir -p "$hdr"
for k in $karches; do
    log "make headers_install ARCH=$k"
    make -s -C "$tree" headers_install ARCH="$k" INSTALL_HDR_PATH="$hdr/$k" >&2
done
echo "$pkg $version" > "$hdr/VERSION"
echo "$stamp" > "$hdr/.stamp"
rm -rf "$tree"
log "done: $pkg $version"
