#!/bin/bash
# selftest.sh - prove that run.sh runs real SCTP in the VM and reports every outcome correctly.
#
#   scripts/sctp-vm/selftest.sh
#
# Builds the programs in selftest/ and runs each case through run.sh, comparing run.sh's exit
# status with the expected one:
#   sctp static / dynamic   SCTP one-to-one + one-to-many pairs over 127.0.0.1 and ::1      -> 0
#   sctp swift              a Swift program (runtime + Foundation/ICU via ldd) opens SCTP -> 0
#                           (skipped, with a message, when swiftc is not on PATH)
#   no sctp module          the same C test with --modules "" (proves the module is needed) -> 77
#   exit 3                  the status passes through                                     -> 3
#   args/env/cwd            quoting of ARGS and --env, working directory, /etc/hosts       -> 0
#   abort                   death by SIGABRT is reported exactly                           -> 134
#   hang                    --timeout ends a stuck guest                                   -> 124
#   poweroff                a guest that stops without reporting fails the run             -> 125
#   unknown module          a module the kernel lacks fails before booting                 -> 125
# Exit 0 iff every case matched. Needs gcc, libc6-dev, linux-libc-dev (installed if missing).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$HERE/lib/common.sh"
# shellcheck source=lib/deps.sh
. "$HERE/lib/deps.sh"

t0=$(sockvm_now)
sockvm_ensure gcc:gcc /usr/include/linux/sctp.h:linux-libc-dev /usr/include/stdio.h:libc6-dev
cache=${SOCK_VM_CACHE:-$(cd "$HERE/../.." && pwd)/.build-vm-cache}
build=$cache/selftest
mkdir -p "$build"
cd "$build"
gcc -O2 -Wall -Wextra -Werror -static -o sctp_pair_static "$HERE/selftest/sctp_pair.c"
gcc -O2 -Wall -Wextra -Werror -o sctp_pair_dyn "$HERE/selftest/sctp_pair.c"
gcc -O2 -Wall -Wextra -Werror -o controls "$HERE/selftest/controls.c"
swift_ok=0
if command -v swiftc >/dev/null 2>&1; then
    swiftc -O "$HERE/selftest/hello.swift" -o hello_swift >/dev/null && swift_ok=1
fi
sockvm_log "selftest: programs built in $(sockvm_since "$t0")s"
host_rc=0
./sctp_pair_dyn >/dev/null || host_rc=$?
sockvm_log "selftest: on this host sctp_pair exits $host_rc (77 = the host kernel has no SCTP)"

results=()
failed=0
# case NAME EXPECTED RUN.SH-ARGS...
case_() {
    local name=$1 want=$2 got=0 t
    shift 2
    printf '\n===== selftest: %s (expect %s) =====\n' "$name" "$want"
    t=$(sockvm_now)
    "$HERE/run.sh" "$@" || got=$?
    t=$(sockvm_since "$t")
    if [ "$got" -eq "$want" ]; then
        results+=("$(printf 'ok    %-16s exit %3d  %6ss' "$name" "$got" "$t")")
    else
        results+=("$(printf 'FAIL  %-16s exit %3d  %6ss  (expected %d)' "$name" "$got" "$t" "$want")")
        failed=$((failed + 1))
    fi
}

case_ "sctp static" 0 -- ./sctp_pair_static
case_ "sctp dynamic" 0 -- ./sctp_pair_dyn
if [ "$swift_ok" = 1 ]; then
    case_ "sctp swift" 0 -- ./hello_swift
else
    results+=("skip  sctp swift        (swiftc not on PATH)")
fi
case_ "no sctp module" 77 --modules "" -- ./sctp_pair_static
case_ "exit 3" 3 -- ./controls exit 3
case_ "args/env/cwd" 0 --env "SOCK_VM_SELFTEST=x y" --env "SELFTEST_CWD=$PWD" \
    -- ./controls args "a b" "it's" "\$HOME*"
case_ "abort" 134 -- ./controls abort
case_ "hang" 124 --timeout 15 -- ./controls hang
case_ "poweroff" 125 -- ./controls poweroff
case_ "unknown module" 125 --modules no_such_module -- ./controls exit 0

printf '\n===== selftest summary =====\n'
printf '%s\n' "${results[@]}"
printf 'total %ss, %d failed\n' "$(sockvm_since "$t0")" "$failed"
[ "$failed" -eq 0 ]
