#!/bin/sh
# Reproducibility check of the committed kernel ABI tables (Sources/SockPOSIX/ABI/*.abi and
# Tests/CABICheck/LinuxABIHost.c): re-extract them with `gen-consts extract` into a temporary
# directory and compare.
#
# - The pinned version is still in the Debian archive (the one recorded in the tables' headers,
#   `# kernel: linux-source-6.12 6.12.117-1~deb12u1`): extract from it and compare byte for byte.
#   Any difference fails.
# - Debian moved on and the pinned version is gone (bookworm-security keeps a few versions):
#   extract from apt's candidate version instead, compare every row of every table (the `#`
#   provenance header, which names the kernel and clang, is left out) and the host check file,
#   print the drift (the rows that differ, per table) and fail only when a row differs. Identical
#   rows pass with a note to re-pin with scripts/abi-regenerate.sh when convenient.
#
# Timing (measured on the 2-core dev machine, Debian 12, clang 19.1.7, while other builds ran,
# load ~7-13): extraction 49-54 s = apt-get download of 153 MB ~1 s + unpacking the slim tree
# ~8 s (xz) + the first arch ~23 s (headers_install builds the kernel's host tools) + ~2 s per
# further arch + host probe ~1 s; 71 s for the whole script with an incremental gen-consts build.
# A clean gen-consts build adds 20-90 s.
# Needs: swift, clang-19, make, gcc, rsync, xz-utils, apt-get with package lists that know the
# kernel package (scripts/install-deps.sh sees to both).
# Environment: SCRATCH (swift scratch path, default .build); for testing the fallback,
# SOCK_ABI_KERNEL_VERSION (the version to ask for instead of the pinned one: one apt does not
# offer takes the candidate path, another one apt offers is compared by rows) and SOCK_ABI_TABLES (the directory of committed .abi tables to
# compare against, default Sources/SockPOSIX/ABI).
set -eu
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-.build}
tables=${SOCK_ABI_TABLES:-Sources/SockPOSIX/ABI}
host=Tests/CABICheck/LinuxABIHost.c
kernel=$(sed -n 's/^# kernel: //p' "$tables/linux-x86_64.abi")
package=${kernel% *}
pinned=${kernel#* }
if [ -z "$package" ] || [ "$package" = "$kernel" ]; then
    echo "abi-reproduce: no '# kernel:' header in $tables/linux-x86_64.abi" >&2
    exit 2
fi
# Lines as one space-separated line, for messages.
joined() { printf '%s\n' "$1" | paste -sd ' ' -; }
wanted=${SOCK_ABI_KERNEL_VERSION:-$pinned}

# Which version to extract from: the wanted one when apt offers it, else the candidate.
offered=$(apt-cache madison "$package" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}')
[ -n "$offered" ] || {
    echo "abi-reproduce: apt offers no $package at all: run scripts/install-deps.sh (apt-get update)" >&2
    exit 2
}
if printf '%s\n' "$offered" | grep -qxF "$wanted"; then
    version=$wanted
    exact=
    # Byte for byte only against the pinned version; another one (asked for) is compared by rows.
    [ "$version" = "$pinned" ] && exact=1
    reason="$version asked for with SOCK_ABI_KERNEL_VERSION"
else
    version=$(apt-cache policy "$package" | sed -n 's/^ *Candidate: //p')
    if [ -z "$version" ] || [ "$version" = "(none)" ]; then
        echo "abi-reproduce: no candidate for $package" >&2
        exit 2
    fi
    exact=
    reason="$wanted no longer in the archive"
    echo "abi-reproduce: $package $wanted is no longer in the archive (apt offers: $(joined "$offered"));" \
        "comparing the rows against the candidate $version" >&2
fi

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
end=$(date +%s)

status=0
committed=$(cd "$tables" && find . -maxdepth 1 -name '*.abi' | sort)
fresh=$(cd "$tmp/abi" && find . -maxdepth 1 -name '*.abi' | sort)
[ "$committed" = "$fresh" ] || {
    echo "abi-reproduce: the tables differ in number or name: committed $(joined "$committed"), extracted $(joined "$fresh")" >&2
    status=1
}
if [ -n "$exact" ]; then
    for f in "$tables"/*.abi; do
        diff -u "$f" "$tmp/abi/$(basename "$f")" || status=1
    done
    diff -u "$host" "$tmp/host/LinuxABIHost.c" || status=1
    if [ $status = 0 ]; then
        echo "abi-reproduce: OK, the committed tables are reproduced byte for byte from $package $version ($((end - start)) s)"
    else
        echo "abi-reproduce: DIFFERENCES against a fresh extraction from $package $version" >&2
    fi
    exit $status
fi

# Another version than the pinned one: compare the rows (every line but the '#' provenance header).
rows() { grep -v '^#' "$1" || true; }
drift=0
for f in "$tables"/*.abi; do
    name=$(basename "$f")
    [ -f "$tmp/abi/$name" ] || continue
    rows "$f" >"$tmp/committed.rows"
    rows "$tmp/abi/$name" >"$tmp/fresh.rows"
    if ! cmp -s "$tmp/committed.rows" "$tmp/fresh.rows"; then
        gone=$(diff "$tmp/committed.rows" "$tmp/fresh.rows" | grep -c '^<' || true)
        new=$(diff "$tmp/committed.rows" "$tmp/fresh.rows" | grep -c '^>' || true)
        echo "abi-reproduce: drift in $name: $gone committed row(s) not extracted, $new extracted row(s) not committed" \
            "(- committed from $pinned, + extracted from $version):" >&2
        diff "$tmp/committed.rows" "$tmp/fresh.rows" | sed -n 's/^< /  - /p; s/^> /  + /p' >&2
        drift=$((drift + 1))
    fi
done
if ! cmp -s "$host" "$tmp/host/LinuxABIHost.c"; then
    echo "abi-reproduce: drift in $host (- committed, + $version):" >&2
    diff "$host" "$tmp/host/LinuxABIHost.c" | sed -n 's/^< /  - /p; s/^> /  + /p' >&2
    drift=$((drift + 1))
fi
rowcount=$(cat "$tables"/*.abi | grep -vc '^#' || true)
if [ $drift = 0 ] && [ $status = 0 ]; then
    echo "abi-reproduce: OK, every row ($rowcount in $(echo "$committed" | wc -l) tables) and the host check are identical" \
        "when extracted from $package $version; only the provenance differs (pinned $pinned; $reason)." \
        "Re-pin when convenient: scripts/abi-regenerate.sh ($((end - start)) s)"
    exit 0
fi
echo "abi-reproduce: FAILED: $drift file(s) differ between the committed tables (pinned $package $pinned;" \
    "$reason) and $package $version. Review the drift above, then re-pin: scripts/abi-regenerate.sh" \
    "(commit the tables with any code that uses new names)" >&2
exit 1
