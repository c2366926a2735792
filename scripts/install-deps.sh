#!/usr/bin/env bash
# The Debian packages the whole suite needs, listed once: scripts/test.sh runs this first, so the
# README's `scripts/test.sh` works on a fresh Debian 12 machine with nothing added by hand.
#
#   scripts/install-deps.sh            # install the missing ones (apt-get update + install)
#   scripts/install-deps.sh --check    # exit 1 listing the missing ones; install nothing
#   scripts/install-deps.sh --list     # print the list, one package a line
#
# Installs as root, or through `sudo -n` (no password, no terminal); otherwise it prints the exact
# command to run and fails. Non-interactive (DEBIAN_FRONTEND=noninteractive, no stdin), so CI
# (`.ci/run`) needs nothing else. It also makes sure apt's package lists know the kernel source
# package the ABI checks download (`apt-get download linux-source-6.12`): a fresh machine has no
# lists at all.
#
# Not listed: the Swift toolchain (6.3 or later) and its own prerequisites (git, libcurl, libxml2,
# ...: a machine where `swift build` works has them). The fuzzers and the sanitizer runs need no
# package: swiftc -sanitize=fuzzer,address|thread and the toolchain's own clang link the
# libFuzzer, ASan, TSan and LSan runtimes shipped with it (usr/lib/clang/<N>/lib/linux), not
# Debian's compiler-rt.
set -euo pipefail

packages=(
    clang-19 lld-19 llvm-19                       # ABI extraction, cross-arch checks
    qemu-user qemu-system-x86                     # cross-arch checks, SCTP VM
    make rsync gcc libc6-dev xz-utils cpio        # kernel headers_install, initramfs, C baselines
    busybox-static                                # SCTP VM guest
    socat ncat iproute2 procps kmod python3       # real peers, network namespaces (reliability
                                                  # faults, SockLinux), SCTP VM modules
    valgrind                                      # benchmarks' instruction counts (compare)
    linux-libc-dev-arm64-cross linux-libc-dev-riscv64-cross   # cross-arch ABI checks
    git                                           # SwiftPM fetches the benchmarks' dependencies
)
# More packages, space-separated: for a local need, or to try the install path on a machine that
# already has everything (SOCK_DEPS_EXTRA=hello scripts/install-deps.sh).
read -r -a extra <<<"${SOCK_DEPS_EXTRA:-}"
packages+=("${extra[@]}")
# Downloaded (never installed) by the ABI checks; apt must know it.
downloaded=linux-source-6.12

say() { echo "install-deps: $*" >&2; }

missing_packages() {
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

# True when apt's lists offer at least one version of $downloaded.
apt_knows_download() {
    [ -n "$(apt-cache madison "$downloaded" 2>/dev/null)" ]
}

mode=install
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    --list) mode=list ;;
    -h | --help)
        sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        say "unknown option '$1' (usage: scripts/install-deps.sh [--check | --list])"
        exit 64
        ;;
esac

if [ "$mode" = list ]; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "needs a Debian-based system (dpkg-query and apt-get); install these by other means:"
    printf '  %s\n' "${packages[@]}" >&2
    exit 1
fi

mapfile -t missing < <(missing_packages)
need_lists=
apt_knows_download || need_lists=1

if [ "$mode" = check ]; then
    status=0
    if [ ${#missing[@]} -gt 0 ]; then
        say "missing ${#missing[@]} package(s): ${missing[*]}"
        status=1
    fi
    if [ -n "$need_lists" ]; then
        say "apt's package lists do not offer $downloaded (run apt-get update)"
        status=1
    fi
    [ $status = 0 ] && say "all ${#packages[@]} packages installed; apt offers $downloaded"
    exit $status
fi

if [ ${#missing[@]} -eq 0 ] && [ -z "$need_lists" ]; then
    say "all ${#packages[@]} packages installed"
    exit 0
fi

# The exact commands, for the message when they cannot be run here.
update=(apt-get update -qq)
install=(apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -eq 0 ]; then
    as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n env DEBIAN_FRONTEND=noninteractive)
else
    [ ${#missing[@]} -eq 0 ] || say "missing ${#missing[@]} package(s): ${missing[*]}"
    [ -z "$need_lists" ] || say "apt's package lists do not offer $downloaded"
    say "not root and no password-less sudo; run this, then scripts/test.sh again:"
    if [ ${#missing[@]} -gt 0 ]; then
        echo "  sudo ${update[*]} && sudo DEBIAN_FRONTEND=noninteractive ${install[*]}" >&2
    else
        echo "  sudo ${update[*]}" >&2
    fi
    exit 1
fi

say "apt-get update"
"${as_root[@]}" "${update[@]}" </dev/null
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${#missing[@]} package(s): ${missing[*]}"
    log=$(mktemp /tmp/sock-install-deps.XXXXXX)
    if ! "${as_root[@]}" "${install[@]}" </dev/null >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log"
        say "apt-get install failed"
        exit 1
    fi
    rm -f "$log"
fi
mapfile -t still < <(missing_packages)
if [ ${#still[@]} -gt 0 ]; then
    say "still missing after the install: ${still[*]}"
    exit 1
fi
apt_knows_download || { say "apt's lists still do not offer $downloaded after apt-get update"; exit 1; }
say "all ${#packages[@]} packages installed"
