# shellcheck shell=bash
# common.sh - logging, timing and quoting helpers shared by the sctp-vm scripts (sourced).

# Tools such as depmod and modprobe live in sbin, which non-root PATHs often lack.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export PATH

# Host-side messages go to stderr so that stdout carries only the guest's console.
sockvm_log() { printf 'sctp-vm: %s\n' "$*" >&2; }
sockvm_die() {
    printf 'sctp-vm: ERROR: %s\n' "$*" >&2
    exit "${SOCKVM_DIE_STATUS:-125}"
}

# Seconds since the epoch with nanoseconds, and a difference formatted as "1.23".
sockvm_now() { date +%s.%N; }
sockvm_since() { awk -v a="$1" -v b="$(sockvm_now)" 'BEGIN { printf "%.2f", b - a }'; }

# Quote one word for a POSIX shell (busybox ash): 'it'\''s'.
sockvm_shquote() {
    local s=$1
    printf "'%s'" "${s//\'/\'\\\'\'}"
}

# Run a command as root: directly, through sudo -n, or fail with a message.
sockvm_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo -n "$@"
    else
        sockvm_die "need root (or password-less sudo) for: $*"
    fi
}
