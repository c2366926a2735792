#!/bin/sh
# Regenerate the committed kernel ABI tables (Sources/SockPOSIX/ABI/linux-*.abi) and the host side
# of the ABI tests (Tests/CABICheck/LinuxABIHost.c) from the newest Debian linux-source package.
# Run it on a kernel update, review the printed drift (added / removed / changed rows per arch),
# and commit the tables together with any Swift code that uses new names.
#
#   scripts/abi-regenerate.sh                        # linux-source-6.12, newest version apt offers
#   scripts/abi-regenerate.sh --kernel-src DIR       # any kernel tree (headers_install-able)
#   scripts/abi-regenerate.sh --kernel-package linux-source-6.12=6.12.117-1~deb12u1
#
# Needs: swift, clang-19, make, gcc, rsync, xz-utils, apt-get + dpkg-deb (for the download).
# Environment: ABI_WORK (scratch, default /tmp/sock-abi-work), SCRATCH (swift scratch path).
set -eu
cd "$(dirname "$0")/.."
work=${ABI_WORK:-/tmp/sock-abi-work}
scratch=${SCRATCH:-.build}
# gen-consts is an executable target of this (root) package, not a declared product: `swift run`
# builds and runs it (build progress on stderr); `swift build --target` would compile without linking.
exec swift run --scratch-path "$scratch" gen-consts extract --clang clang-19 --spec Tools/gen-consts/spec/linux.spec \
    --out Sources/SockPOSIX/ABI --host-check Tests/CABICheck/LinuxABIHost.c --work "$work" "$@"
