#!/usr/bin/env bash
# Compile-failure checks (issue 13): each snippet in Tests/CapabilityChecks/ is type-checked
# against the built public modules (`import Sock`, no package access) and must fail with the error
# its `// expect:` line names: a capability a socket type lacks does not compile, `NetSocket`
# cannot be subclassed, raw CInts are not accepted where a typed parameter is. `pass-*.swift`
# snippets (`// expect: compiles`) must type-check: the positive control that the harness itself
# works. Needs a debug build (`swift build`); SCRATCH overrides the scratch path (.build).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-.build}
bin="$scratch/debug"
[ -d "$bin/Modules" ] || { echo "check-capabilities: no $bin/Modules: run swift build first" >&2; exit 2; }
flags=(-typecheck -swift-version 6 -I "$bin/Modules" -Xcc "-fmodule-map-file=$bin/CPlatform.build/module.modulemap")
pass=0
fail=0
for snippet in Tests/CapabilityChecks/*.swift; do
    # One `// expect:` line, or several: any of them may match (the compiler words the same
    # rejection differently depending on how it resolves the member).
    expect=$(sed -n 's|^// expect: ||p' "$snippet" | head -n 1)
    [ -n "$expect" ] || { echo "check-capabilities: $snippet has no '// expect:' line" >&2; exit 2; }
    if output=$(swiftc "${flags[@]}" "$snippet" 2>&1); then
        if [ "$expect" = "compiles" ]; then
            pass=$((pass + 1))
        else
            echo "FAIL $snippet compiled, expected: $expect"
            fail=$((fail + 1))
        fi
    else
        matched=no
        while IFS= read -r line; do
            grep -qF -- "$line" <<<"$output" && matched=yes
        done < <(sed -n 's|^// expect: ||p' "$snippet")
        if [ "$expect" != "compiles" ] && [ $matched = yes ]; then
            pass=$((pass + 1))
        else
            echo "FAIL $snippet: expected: $expect"
            echo "$output" | grep -E "error:" | head -n 3
            fail=$((fail + 1))
        fi
    fi
done
echo "check-capabilities: $pass of $((pass + fail)) snippets behaved as expected"
[ $fail = 0 ]
