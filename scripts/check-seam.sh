#!/usr/bin/env bash
# The syscall seam check (issue 13): only Sources/SockPOSIX/Syscalls/ may read a raw syscall result
# (>= 0, or -errno). Everywhere else in the library a call goes through the seam's helpers
# (`Sys.check`, `NetSocket.call`, `NetSocket.io`/`transfer`, `Sys.descriptor`), which return a value
# or throw `SocketError`, so no file above the seam compares a result with 0, binds one to a
# variable, or negates an errno. Ignoring a best-effort result (`_ = Sys.close(fd)`) is allowed.
#
# Prints every offending line and exits 1 when there is one; prints the count of checked files.
set -euo pipefail
cd "$(dirname "$0")/.."
seam="Sources/SockPOSIX/Syscalls/"
patterns=(
    '(let|var) [A-Za-z_][A-Za-z0-9_]* = Sys\.'     # a raw result bound to a name
    'Sys\.[a-z][A-Za-z0-9]*\(.*\) *(<|>|<=|>=|==|!=) *-?[0-9]'  # a raw result compared
    '-Int\(Errno\.'                               # -errno built by hand
    '(==|!=) *-Int\('                             # a result compared with -errno
    'truncatingIfNeeded: *-'                      # an errno negated out of a result
    'errno: *CInt\(-'                             # the same, another spelling
    '\b(r|rc|result) *(<|>|<=|>=) *0\b'           # the usual names of a raw result tested
)
files=$(find Sources/SockPOSIX Sources/SockLinux -name '*.swift' -not -path "$seam*" | sort)
status=0
for pattern in "${patterns[@]}"; do
    # Doc comments may quote C conventions; code may not.
    if hits=$(grep -nE -- "$pattern" $files | grep -vE '^[^:]+:[0-9]+: *///'); then
        echo "check-seam: raw syscall results handled outside $seam (pattern: $pattern):"
        echo "$hits"
        status=1
    fi
done
count=$(echo "$files" | wc -l)
if [ $status = 0 ]; then
    echo "check-seam: OK, no raw syscall result handled outside $seam ($count files checked)"
fi
exit $status
