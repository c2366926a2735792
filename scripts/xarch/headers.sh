#!/bin/bash
# Kernel UAPI headers for the four arches, from Debian's linux-source package, with
# `make headers_install`. Cached in the work dir; prints nothing but progress to stderr.
#
#   scripts/xarch/headers.sh WORK [PACKAGE [VERSION [INTERNAL...]]]
#
# Result: WORK/hdr/{x86,arm64,riscv,loongarch}/include, WORK/hdr/VERSION (the package version), and
# WORK/hdr/internal/PATH for each INTERNAL path (kernel-internal headers, `include/PATH` in the
# source tree, e.g. linux/socket.h: the userspace ABI UAPI does not export).
# Needs: apt-get (download only, no install), xz-utils, tar, make, gcc (host tools), rsync.
set -euo pipefail

work=${1:?usage: headers.sh WORK [PACKAGE [VERSION [INTERNAL...]]]}
pkg=${2:-linux-source-6.12}
want=${3:-}
shift $(($# < 3 ? $# : 3))
internal=("$@")
karches="x86 arm64 riscv loongarch"
hdr=$work/hdr

log() { printf '[headers] %s\n' "$*" >&2; }

stamp="v2 $pkg${want:+ $want} internal: ${internal[*]}"
if [ -f "$hdr/.stamp" ] && [ "$(cat "$hdr/.stamp")" = "$stamp" ]; then
    log "cached: $(cat "$hdr/VERSION")"
    exit 0
fi

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
        (cd "$src" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$want" >&2) || {
            log "version $want not available; using the candidate version"
            (cd "$src" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2)
        }
    else
        (cd "$src" && apt-get download -q -o APT::Sandbox::User=root "$pkg" >&2)
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
for i in "${internal[@]}"; do pats+=("$pkg/include/$i"); done
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
for i in "${internal[@]}"; do
    mkdir -p "$(dirname "$hdr/internal/$i")"
    cp "$tree/include/$i" "$hdr/internal/$i"
done
echo "$pkg $version" > "$hdr/VERSION"
echo "$stamp" > "$hdr/.stamp"
rm -rf "$tree"
log "done: $pkg $version"
