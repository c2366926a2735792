#!/bin/bash
# run.sh - run one program inside a throw-away qemu VM whose stock Debian kernel has SCTP, and exit
# with the program's exit status. See README.md next to this file.
#
#   scripts/sctp-vm/run.sh [OPTIONS] -- BINARY [ARGS...]
#
#   --timeout SECS   wall-clock limit for the VM (default 600); on expiry exit 124
#   --mem MB         guest RAM (default 2048; the initramfs lives in it)
#   --smp N          guest CPUs (default 1; more does not help under TCG)
#   --env K=V        set K=V for BINARY in the guest (repeatable)
#   --file PATH      also copy PATH (file or directory, with its shared libraries) (repeatable)
#   --modules LIST   kernel modules to load, dependencies resolved from modules.dep (default "sctp")
#   --accel A        tcg (default), kvm or auto (kvm if /dev/kvm is usable); env SOCK_VM_ACCEL
#   --append ARGS    extra kernel command line
#   --verbose        show kernel messages on the console (drops "quiet")
#   --keep           keep the run directory (initramfs, console log) for debugging
#
# Exit status: BINARY's (0..255); 124 = timeout; 125 = the VM did not report (kernel panic, module
# load failure, qemu error, ...); 2 = bad usage. Each failure is explained on stderr.
# Environment: SOCK_VM_CACHE (default <repo>/.build-vm-cache), SOCK_VM_ACCEL, SOCK_VM_KERNEL_PKG,
# SOCK_VM_KERNEL_DEB (see lib/kernel.sh).
set -Eeuo pipefail
# a failing command that nobody handles is a runner bug: say where, and do not exit like a test
trap 'sockvm_log "internal error: status $? at ${BASH_SOURCE[0]}:$LINENO: $BASH_COMMAND"; exit 125' ERR
SOCKVM_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$SOCKVM_HERE/lib/common.sh"
# shellcheck source=lib/deps.sh
. "$SOCKVM_HERE/lib/deps.sh"
# shellcheck source=lib/kernel.sh
. "$SOCKVM_HERE/lib/kernel.sh"
# shellcheck source=lib/initrd.sh
. "$SOCKVM_HERE/lib/initrd.sh"
# shellcheck source=lib/vm.sh
. "$SOCKVM_HERE/lib/vm.sh"

usage() {
    sed -n '5,21p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit "${1:-2}"
}

SOCKVM_TIMEOUT=600
SOCKVM_MEM=2048
SOCKVM_SMP=1
# The guest's console is a tty: without these, test libraries color their output and the Swift
# crash backtracer waits 30 s for a key press. A later --env K=V overrides them.
SOCKVM_ENV=(NO_COLOR=1 "SWIFT_BACKTRACE=interactive=no,color=no")
SOCKVM_FILES=()
SOCKVM_MODULES=sctp
SOCKVM_ACCEL=${SOCK_VM_ACCEL:-tcg}
SOCKVM_APPEND=
SOCKVM_VERBOSE=0
keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --timeout) SOCKVM_TIMEOUT=${2:?}; shift 2 ;;
        --mem) SOCKVM_MEM=${2:?}; shift 2 ;;
        --smp) SOCKVM_SMP=${2:?}; shift 2 ;;
        --env) SOCKVM_ENV+=("${2:?}"); shift 2 ;;
        --file) SOCKVM_FILES+=("${2:?}"); shift 2 ;;
        --modules) SOCKVM_MODULES=${2?}; shift 2 ;;
        --accel) SOCKVM_ACCEL=${2:?}; shift 2 ;;
        --append) SOCKVM_APPEND=${2?}; shift 2 ;;
        --verbose) SOCKVM_VERBOSE=1; shift ;;
        --keep) keep=1; shift ;;
        -h | --help) usage 0 ;;
        --) shift; break ;;
        -*) sockvm_log "unknown option $1"; usage ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
for v in "$SOCKVM_TIMEOUT" "$SOCKVM_MEM" "$SOCKVM_SMP"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { sockvm_log "not a positive number: $v"; usage; }
done
for kv in "${SOCKVM_ENV[@]}"; do
    [[ $kv =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { sockvm_log "--env wants K=V, got '$kv'"; usage; }
done

SOCKVM_BINARY=$1
shift
SOCKVM_ARGS=("$@")
if [[ $SOCKVM_BINARY != */* ]]; then
    SOCKVM_BINARY=$(command -v "$SOCKVM_BINARY") || sockvm_die "not found: $1"
fi
[ -f "$SOCKVM_BINARY" ] && [ -x "$SOCKVM_BINARY" ] || sockvm_die "not an executable file: $SOCKVM_BINARY"
SOCKVM_BINARY=$(realpath -s "$SOCKVM_BINARY")
SOCKVM_CWD=$PWD

if [ -z "${SOCK_VM_CACHE:-}" ]; then
    # the repository's .build-vm-cache (.gitignore covers .build-*/)
    SOCK_VM_CACHE=$(cd "$SOCKVM_HERE/../.." && pwd)/.build-vm-cache
fi
mkdir -p "$SOCK_VM_CACHE/runs"
# logs of failed runs are kept for a week
find "$SOCK_VM_CACHE/runs" -mindepth 1 -maxdepth 1 -name 'run.*' -mtime +7 -exec rm -rf {} + 2>/dev/null || true

t0=$(sockvm_now)
sockvm_ensure_runner_tools
sockvm_kernel "$SOCK_VM_CACHE"
sockvm_log "kernel: $SOCKVM_KPKG $SOCKVM_KVERSION (Linux $SOCKVM_KVER), ready in $(sockvm_since "$t0")s"
kernel=$SOCKVM_KDIR/vmlinux
[ -f "$kernel" ] || kernel=$SOCKVM_KDIR/vmlinuz

t1=$(sockvm_now)
SOCKVM_NONCE=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
work=$(mktemp -d "$SOCK_VM_CACHE/runs/run.XXXXXX")
# shellcheck disable=SC2329 # invoked by the EXIT trap
cleanup() {
    rm -rf "$work"/stage.*
    [ "$keep" = 1 ] || rm -f "$work/initrd.cpio"
}
trap cleanup EXIT
sockvm_initrd "$work/initrd.cpio"
sockvm_log "initramfs: $(du -h "$work/initrd.cpio" | cut -f1) (unpacked $SOCKVM_INITRD_UNPACKED)," \
    "built in $(sockvm_since "$t1")s; modules: $SOCKVM_MODULE_LIST"

t2=$(sockvm_now)
sockvm_log "booting $(basename "$kernel") (accel ${SOCKVM_ACCEL}, ${SOCKVM_MEM} MB, timeout ${SOCKVM_TIMEOUT}s): $SOCKVM_BINARY ${SOCKVM_ARGS[*]}"
sockvm_boot "$kernel" "$work/initrd.cpio" "$work/console.log"
status=0
sockvm_verdict "$work/console.log" || status=$?
vm=$(sockvm_since "$t2")
sockvm_log "exit status $status (accel $SOCKVM_ACCEL_USED; VM ${vm}s, total $(sockvm_since "$t0")s)"
if [ "$status" -ne 0 ] || [ "$keep" = 1 ]; then
    sockvm_log "console log: $work/console.log"
else
    rm -rf "$work"
fi
exit "$status"
