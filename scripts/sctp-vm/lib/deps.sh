# shellcheck shell=bash
# deps.sh - install missing host tools with apt (sourced; needs common.sh).
#
#   sockvm_ensure WHAT:PACKAGE...
#
# WHAT is a command name (looked up on PATH) or an absolute path (must exist). Every missing one's
# PACKAGE is installed with one non-interactive `apt-get install --no-install-recommends`, after an
# `apt-get update` (a fresh CI machine has no package lists). Works without a terminal (CI=true).

SOCKVM_APT_UPDATED=${SOCKVM_APT_UPDATED:-}

sockvm_apt_update() {
    [ -n "$SOCKVM_APT_UPDATED" ] && return 0
    sockvm_log "apt-get update"
    SOCKVM_APT_UPDATED=1
    sockvm_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 ||
        { sockvm_log "warning: apt-get update failed"; return 1; }
}

sockvm_ensure() {
    local spec what pkg missing=()
    for spec in "$@"; do
        what=${spec%%:*}
        pkg=${spec#*:}
        case $what in
            /*) [ -e "$what" ] && continue ;;
            *) command -v "$what" >/dev/null 2>&1 && continue ;;
        esac
        case " ${missing[*]} " in *" $pkg "*) ;; *) missing+=("$pkg") ;; esac
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || sockvm_die "missing ${missing[*]} and no apt-get to install them"
    sockvm_apt_update || sockvm_die "apt-get update failed"
    sockvm_log "installing: ${missing[*]}"
    local out
    out=$(sockvm_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 \
        --no-install-recommends "${missing[@]}" 2>&1) || {
        printf '%s\n' "$out" | tail -n 20 >&2
        sockvm_die "apt-get install ${missing[*]} failed"
    }
    for spec in "$@"; do
        what=${spec%%:*}
        case $what in
            /*) [ -e "$what" ] ;;
            *) command -v "$what" >/dev/null 2>&1 ;;
        esac || sockvm_die "still missing after install: $what (package ${spec#*:})"
    done
}

# The host tools run.sh needs.
sockvm_ensure_runner_tools() {
    sockvm_ensure \
        qemu-system-x86_64:qemu-system-x86 \
        busybox:busybox-static \
        cpio:cpio \
        xz:xz-utils \
        depmod:kmod \
        modprobe:kmod \
        dpkg-deb:dpkg \
        ldd:libc-bin \
        timeout:coreutils \
        flock:util-linux \
        od:coreutils \
        awk:mawk
}
