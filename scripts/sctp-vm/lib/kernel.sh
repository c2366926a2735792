# shellcheck shell=bash disable=SC2034 # SOCKVM_* results are read by run.sh
# kernel.sh - fetch and unpack Debian's stock kernel package for the test VM (sourced).
#
#   sockvm_kernel CACHE
#
# The package is downloaded with `apt-get download` and unpacked with `dpkg-deb -x`; it is never
# installed. Which package:
#   SOCK_VM_KERNEL_DEB=/path/linux-image-*.deb   use this file (no apt at all), else
#   SOCK_VM_KERNEL_PKG=linux-image-6.1.0-56-amd64 use this package (candidate version), else
#   whatever the metapackage linux-image-amd64 depends on (the ABI in the name changes with
#   Debian's security updates and old ones leave the archive, so it is resolved at run time).
# The result is cached in CACHE/kernel/PACKAGE_VERSION/ (reused on every later run):
#   vmlinux   the uncompressed ELF kernel (boots through PVH, ~2.5 s faster than vmlinuz under TCG)
#   vmlinuz   the bzImage as shipped
#   root/lib/modules/KVER/   modules.dep etc. (made by depmod) and the modules minus hardware drivers
#   info      PKG=, VERSION=, KVER= lines
# Sets SOCKVM_KPKG, SOCKVM_KVERSION, SOCKVM_KVER, SOCKVM_KDIR. Offline with a filled cache, the
# newest cached kernel is used (with a warning) when apt cannot resolve the package.

sockvm_kernel_resolve() {
    if [ -n "${SOCK_VM_KERNEL_DEB:-}" ]; then
        [ -f "$SOCK_VM_KERNEL_DEB" ] || sockvm_die "SOCK_VM_KERNEL_DEB=$SOCK_VM_KERNEL_DEB: no such file"
        SOCKVM_KPKG=$(dpkg-deb -f "$SOCK_VM_KERNEL_DEB" Package)
        SOCKVM_KVERSION=$(dpkg-deb -f "$SOCK_VM_KERNEL_DEB" Version)
        return 0
    fi
    local meta dep
    if [ -n "${SOCK_VM_KERNEL_PKG:-}" ]; then
        SOCKVM_KPKG=$SOCK_VM_KERNEL_PKG
    else
        # one apt-cache call: "Depends: linux-image-6.1.0-56-amd64 (= 6.1.192-2)"
        meta=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null) ||
            { sockvm_apt_update && meta=$(apt-cache show --no-all-versions linux-image-amd64 2>/dev/null); } ||
            return 1
        dep=$(awk '/^Depends:/ { for (i = 2; i <= NF; i++) if ($i ~ /^linux-image-[0-9]/) {
            p = $i; sub(/,$/, "", p); v = $(i + 1) == "(=" ? $(i + 2) : ""; sub(/[),].*/, "", v)
            print p, v; exit } }' <<<"$meta")
        SOCKVM_KPKG=${dep%% *}
        SOCKVM_KVERSION=${dep#* }
        [ -n "$SOCKVM_KPKG" ] || return 1
        [ -n "$SOCKVM_KVERSION" ] && return 0
    fi
    SOCKVM_KVERSION=$(apt-cache show --no-all-versions "$SOCKVM_KPKG" 2>/dev/null |
        awk '/^Version:/ { print $2; exit }')
    [ -n "$SOCKVM_KVERSION" ]
}

# Find the ELF kernel inside a bzImage (xz, zstd or gzip payload) and write it out.
sockvm_extract_vmlinux() {
    local in=$1 out=$2 magic off dec
    for magic in '\xfd7zXZ\x00:xz' '\x28\xb5\x2f\xfd:zstd' '\x1f\x8b\x08:gzip'; do
        dec=${magic##*:}
        command -v "$dec" >/dev/null 2>&1 || continue
        while read -r off; do
            case $dec in
                xz) tail -c +$((off + 1)) "$in" | xz -dc --single-stream >"$out" 2>/dev/null ;;
                zstd) tail -c +$((off + 1)) "$in" | zstd -dqc >"$out" 2>/dev/null ;;
                gzip) tail -c +$((off + 1)) "$in" | gzip -dc >"$out" 2>/dev/null ;;
            esac
            [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] && return 0
        done < <(LC_ALL=C grep -obUaP "${magic%:*}" "$in" | cut -d: -f1)
    done
    rm -f "$out"
    return 1
}

sockvm_kernel_unpack() {
    local dir=$1 deb kver
    if [ -n "${SOCK_VM_KERNEL_DEB:-}" ]; then
        deb=$SOCK_VM_KERNEL_DEB
    else
        sockvm_log "apt-get download $SOCKVM_KPKG=$SOCKVM_KVERSION"
        local aptopts=()
        # as root apt would warn that its sandbox user cannot write the download directory
        [ "$(id -u)" -eq 0 ] && aptopts=(-o APT::Sandbox::User=root)
        (cd "$dir" && apt-get download -qq "${aptopts[@]}" "$SOCKVM_KPKG=$SOCKVM_KVERSION" >&2) ||
            sockvm_die "apt-get download $SOCKVM_KPKG=$SOCKVM_KVERSION failed"
        deb=$(ls "$dir"/*.deb)
    fi
    dpkg-deb -x "$deb" "$dir/root" || sockvm_die "dpkg-deb -x $deb failed"
    # merged-/usr packages (Debian 13+) ship usr/lib/modules; depmod -b wants lib/modules
    if [ ! -d "$dir/root/lib/modules" ] && [ -d "$dir/root/usr/lib/modules" ]; then
        mkdir -p "$dir/root/lib"
        mv "$dir/root/usr/lib/modules" "$dir/root/lib/modules"
    fi
    kver=$(find "$dir/root/lib/modules" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sed -n 1p)
    [ -n "$kver" ] || sockvm_die "no lib/modules in $deb"
    # the .deb ships no modules.dep (its postinst runs depmod)
    depmod -b "$dir/root" "$kver" || sockvm_die "depmod failed for $kver"
    find "$dir/root/boot" "$dir/root/usr/lib/linux" -name "vmlinuz-$kver" -exec cp {} "$dir/vmlinuz" \; \
        2>/dev/null || true
    [ -f "$dir/vmlinuz" ] || sockvm_die "no vmlinuz-$kver in $deb"
    sockvm_extract_vmlinux "$dir/vmlinuz" "$dir/vmlinux" ||
        sockvm_log "warning: no ELF vmlinux inside vmlinuz; booting the bzImage (slower)"
    printf 'PKG=%s\nVERSION=%s\nKVER=%s\n' "$SOCKVM_KPKG" "$SOCKVM_KVERSION" "$kver" >"$dir/info"
    # keep only what the runner uses: the kernel images and the modules a VM test may want (protocols,
    # filesystems, virtual devices); hardware drivers and sound go (434 MB -> about 150 MB). The
    # module indexes still list them, so asking for one fails with a clear message in initrd.sh.
    rm -rf "$dir/root/boot" "$dir/root/usr" "$dir/root/etc"
    local m=$dir/root/lib/modules/$kver/kernel d
    rm -rf "$m/sound"
    for d in "$m"/drivers/*; do
        case ${d##*/} in net | virtio | char | block) ;; *) rm -rf "$d" ;; esac
    done
    rm -rf "$m"/drivers/net/{wireless,ethernet,usb,can,wwan,ieee802154,hamradio,arcnet,fddi,plip,slip}
    [ "$deb" = "${SOCK_VM_KERNEL_DEB:-}" ] || rm -f "$deb"
}

sockvm_kernel() {
    local cache=$1 dir tmp lockfd PKG VERSION KVER
    mkdir -p "$cache/kernel"
    if ! sockvm_kernel_resolve; then
        [ -z "${SOCK_VM_KERNEL_PKG:-}" ] || sockvm_die "apt knows no package $SOCK_VM_KERNEL_PKG"
        dir=$(find "$cache/kernel" -mindepth 2 -maxdepth 2 -name .complete -printf '%T@ %h\n' |
            sort -rn | head -n 1 | cut -d' ' -f2-)
        [ -n "$dir" ] || sockvm_die "cannot resolve the kernel package with apt and no kernel is cached in $cache"
        sockvm_log "warning: apt cannot resolve the kernel package; using the cached $(basename "$dir")"
    else
        dir=$cache/kernel/${SOCKVM_KPKG}_${SOCKVM_KVERSION}
    fi
    if [ ! -f "$dir/.complete" ]; then
        # one fetch at a time; a concurrent run waits and then finds the cache filled
        exec {lockfd}>"$cache/kernel/.lock"
        flock "$lockfd"
        if [ ! -f "$dir/.complete" ]; then
            tmp=$(mktemp -d "$cache/kernel/.fetch.XXXXXX")
            chmod 755 "$tmp"
            sockvm_kernel_unpack "$tmp"
            touch "$tmp/.complete"
            rm -rf "$dir"
            mv "$tmp" "$dir"
        fi
        flock -u "$lockfd"
        exec {lockfd}>&-
    fi
    # shellcheck disable=SC1091
    . "$dir/info"
    SOCKVM_KPKG=$PKG SOCKVM_KVERSION=$VERSION SOCKVM_KVER=$KVER SOCKVM_KDIR=$dir
}
