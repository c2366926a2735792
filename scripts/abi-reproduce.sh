#!/bin/sh
# Reproducibility check of the committed kernel ABI tables: re-extract them from the exact kernel
# package recorded in their headers (`# kernel: linux-source-6.12 6.12.117-1~deb12u1`) into a
# temporary directory and compare byte for byte with Sources/SockPOSIX/ABI/*.abi and
# Tests/CABICheck/LinuxABIHost.c. Exits non-zero on any difference.
#
# Timing (measured on the 2-core dev machine, Debian 12, clang 19.1.7, while other builds ran,
# load ~7-13): extraction 49-54 s = apt-get download of 153 MB ~1 s + unpacking the slim tree
# ~8 s (xz) + the first arch ~23 s (headers_install builds the kernel's host tools) + ~2 s per
# further arch + host probe ~1 s; 71 s for the whole script with an incremental gen-consts build.
# A clean gen-consts build adds 20-90 s.
# Needs: swift, clang-19, make, gcc, rsync, xz-utils, apt-get (with current package lists) and
# the recorded package version still being downloadable from the Debian archive.
# Environment: SCRATCH (swift scratch path, default .build).
set -eu
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-.build}
kernel=$(sed -n 's/^# kernel: //p' Sources/SockPOSIX/ABI/linux-x86_64.abi)
package=${kernel% *}
version=${kernel#* }
[ -n "$package" ] && [ "$package" != "$kernel" ] || { echo "abi-reproduce: no '# kernel:' header" >&2; exit 2; }
tmp=$(mktemp -d /tmp/sock-abi-reproduce.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/abi" "$tmp/host"
cp -r Tests/CABICheck/include "$tmp/host/include"
# gen-consts is an executable target, not a declared product: `swift build --product` still links
# it for the root package (`--target` would only compile it), and --show-bin-path says where.
swift build --scratch-path "$scratch" --product gen-consts >&2
tool="$(swift build --scratch-path "$scratch" --show-bin-path)/gen-consts"
[ -x "$tool" ] || { echo "abi-reproduce: no gen-consts binary at $tool" >&2; exit 2; }
start=$(date +%s)
"$tool" extract --kernel-package "$package=$version" --clang clang-19 --spec Tools/gen-consts/spec/linux.spec \
    --out "$tmp/abi" --host-check "$tmp/host/LinuxABIHost.c" --work "$tmp/work"
status=0
for f in Sources/SockPOSIX/ABI/*.abi; do
    diff -u "$f" "$tmp/abi/$(basename "$f")" || status=1
done
[ "$(ls "$tmp/abi" | wc -l)" = "$(ls Sources/SockPOSIX/ABI/*.abi | wc -l)" ] || { echo "abi-reproduce: table count differs" >&2; status=1; }
diff -u Tests/CABICheck/LinuxABIHost.c "$tmp/host/LinuxABIHost.c" || status=1
end=$(date +%s)
if [ $status = 0 ]; then
    echo "abi-reproduce: OK, the committed tables are reproduced byte for byte from $kernel ($((end - start)) s)"
else
    echo "abi-reproduce: DIFFERENCES against a fresh extraction from $kernel" >&2
fi
exit $status
