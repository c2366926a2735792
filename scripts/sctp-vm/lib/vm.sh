# shellcheck shell=bash disable=SC2034 # SOCKVM_* results are read by run.sh
# vm.sh - boot the kernel + initramfs in qemu and decide the run's exit status (sourced).
#
#   sockvm_boot KERNEL INITRD LOG   -> SOCKVM_QEMU_RC (qemu's or timeout's exit status)
#   sockvm_verdict LOG              -> prints the verdict, returns the status run.sh exits with
#
# Inputs (globals): SOCKVM_ACCEL (tcg|kvm|auto), SOCKVM_MEM (MB), SOCKVM_SMP, SOCKVM_TIMEOUT (s),
# SOCKVM_APPEND (extra kernel arguments), SOCKVM_VERBOSE (1 = kernel messages on the console),
# SOCKVM_NONCE.
#
# qemu always runs under timeout(1): a stuck guest (or a KVM internal error, after which qemu
# pauses the VM and waits forever) ends at the deadline. No KVM by default: the stock kernel does
# not run under this sandbox's kvm_pvm, TCG does (about 2-3 s per run).

sockvm_accel_args() {
    local accel=$SOCKVM_ACCEL
    if [ "$accel" = auto ]; then
        if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then accel=kvm; else accel=tcg; fi
    fi
    SOCKVM_ACCEL_USED=$accel
    case $accel in
        kvm) SOCKVM_ACCEL_ARGS=(-accel kvm -cpu host) ;;
        tcg) SOCKVM_ACCEL_ARGS=(-accel tcg -cpu max) ;;
        *) sockvm_die "--accel must be tcg, kvm or auto, not '$accel'" ;;
    esac
}

sockvm_boot() {
    local kernel=$1 initrd=$2 log=$3 quiet=quiet pid
    sockvm_accel_args
    [ "${SOCKVM_VERBOSE:-0}" = 1 ] && quiet=
    # -display none + an explicit stdio chardev is -nographic without the multiplexed monitor:
    # stdout carries only the serial console, which is also written to LOG.
    timeout -k 5 "$SOCKVM_TIMEOUT" qemu-system-x86_64 \
        "${SOCKVM_ACCEL_ARGS[@]}" -m "$SOCKVM_MEM" -smp "$SOCKVM_SMP" \
        -nodefaults -no-user-config -display none -no-reboot \
        -chardev "stdio,id=con,signal=off,logfile=$log" -serial chardev:con \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyS0 $quiet panic=-1 ${SOCKVM_APPEND:-}" </dev/null &
    pid=$!
    # timeout(1) runs qemu in its own process group, so Ctrl-C would not reach it: forward it
    trap 'kill -TERM "$pid" 2>/dev/null' INT TERM
    SOCKVM_QEMU_RC=0
    while :; do
        if wait "$pid"; then SOCKVM_QEMU_RC=0; else SOCKVM_QEMU_RC=$?; fi
        kill -0 "$pid" 2>/dev/null || break
    done
    trap - INT TERM
}

sockvm_verdict() {
    local log=$1 rc=$SOCKVM_QEMU_RC line n clamped why
    line=$(grep -aoE "SOCK-VM-$SOCKVM_NONCE EXIT [0-9]+" "$log" 2>/dev/null | tail -n 1 || true)
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        sockvm_log "FAILED: timeout after ${SOCKVM_TIMEOUT}s, the guest did not finish (raise --timeout?)"
        return 124
    fi
    if [ $((rc & 1)) -eq 1 ] && [ -n "$line" ]; then
        n=${line##* }
        clamped=$n
        [ "$n" -gt 127 ] && clamped=127
        if [ $((rc >> 1)) -eq "$clamped" ]; then
            return "$n"
        fi
        sockvm_log "FAILED: qemu exit status $rc does not match the guest's report '$line'"
        return 125
    fi
    why=$(grep -a "SOCK-VM-$SOCKVM_NONCE SETUP-FAILED" "$log" 2>/dev/null | head -n 1 | sed 's/^.*SETUP-FAILED //' || true)
    if [ -n "$why" ]; then
        why="guest setup failed: $why"
    elif grep -aq 'Kernel panic' "$log" 2>/dev/null; then
        why="kernel panic: $(grep -a 'Kernel panic' "$log" | head -n 1 | tr -d '\r')"
    elif [ "$rc" -eq 0 ]; then
        why="the guest powered off or rebooted without reporting a status"
    else
        why="qemu exited with status $rc before the guest reported (qemu or timeout error)"
    fi
    sockvm_log "FAILED: $why"
    return 125
}
