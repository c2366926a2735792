#!/bin/sh
# Builds the DocC documentation of Sock (Sources/Sock/Sock.docc) with the toolchain's docc and
# fails on any warning: a broken symbol link, a missing article, a bad directive.
#
#   scripts/docs.sh                    # output in .build/docs/Sock.doccarchive
#   scripts/docs.sh --static           # also transform it for static hosting (docs/ on a web server)
#
# Works on a fresh clone: it builds what it needs itself. No swift-docc-plugin (it would be a
# package dependency): `swift build --target Sock` builds the library modules (an incremental no-op
# after scripts/test.sh's build), the toolchain's swift-symbolgraph-extract reads SockPOSIX's and
# SockLinux's public symbols from them, this script merges the two graphs into one named Sock
# (users write `import Sock`, which re-exports both), and `docc convert` builds the catalogue with
# `--warnings-as-errors`. (`swift package dump-symbol-graph` is not used: it dumps every module of
# the package, test modules included, and fails unless a test build ran first.)
# Needs: swift (with docc), python3. Environment: SCRATCH (swift scratch path, default .build),
# DOCS_OUT (default $SCRATCH/docs).
set -eu
cd "$(dirname "$0")/.."
scratch=${SCRATCH:-.build}
out=${DOCS_OUT:-$scratch/docs}
static=
[ "${1:-}" = "--static" ] && static="--transform-for-static-hosting --hosting-base-path Sock"

docc=$(command -v docc || true)
[ -n "$docc" ] || docc="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
[ -x "$docc" ] || { echo "docs.sh: docc not found next to swift" >&2; exit 2; }

extractor="$(dirname "$docc")/swift-symbolgraph-extract"
[ -x "$extractor" ] || extractor=$(command -v swift-symbolgraph-extract || true)
[ -x "$extractor" ] || { echo "docs.sh: swift-symbolgraph-extract not found next to docc" >&2; exit 2; }

echo "== build the library modules (swift build --target Sock)" >&2
swift build --scratch-path "$scratch" --target Sock >&2
bin=$(swift build --scratch-path "$scratch" --show-bin-path)
triple=$(basename "$(dirname "$bin")")
# CPlatform has no module map of its own: SwiftPM generates one in the build directory.
modulemap="$bin/CPlatform.build/module.modulemap"
[ -f "$modulemap" ] || { echo "docs.sh: no CPlatform module map at $modulemap" >&2; exit 2; }

echo "== symbol graphs (swift-symbolgraph-extract, $triple)" >&2
graphs="$out/extracted"
rm -rf "$graphs"
mkdir -p "$graphs"
for module in SockPOSIX SockLinux; do
    "$extractor" -module-name "$module" -target "$triple" -I "$bin/Modules" \
        -Xcc -fmodule-map-file="$modulemap" -Xcc -I -Xcc Sources/CPlatform/include \
        -module-cache-path "$bin/ModuleCache" -minimum-access-level public -output-dir "$graphs" >&2
done

merged="$out/symbol-graphs"
rm -rf "$merged" "$out/Sock.doccarchive"
mkdir -p "$merged"
python3 - "$graphs" "$merged" <<'PY'
# Merge the public symbol graphs of the modules `import Sock` re-exports into one module, Sock.
import glob, json, os, sys
source, target = sys.argv[1], sys.argv[2]
parts = {"SockPOSIX", "SockLinux"}
merged = {}
for path in sorted(glob.glob(os.path.join(source, "*.symbols.json"))):
    name = os.path.basename(path)[: -len(".symbols.json")]
    module, _, extended = name.partition("@")
    if module not in parts:
        continue
    key = "Sock" if not extended or extended in parts else "Sock@" + extended
    graph = json.load(open(path))
    if key not in merged:
        graph["module"]["name"] = "Sock"
        graph["symbols"], graph["relationships"] = [], []
        merged[key] = (graph, set(), set())
    into, seen, links = merged[key]
    for symbol in json.load(open(path))["symbols"]:
        if symbol["identifier"]["precise"] not in seen:
            seen.add(symbol["identifier"]["precise"])
            into["symbols"].append(symbol)
    for relation in json.load(open(path))["relationships"]:
        identity = json.dumps(relation, sort_keys=True)
        if identity not in links:
            links.add(identity)
            into["relationships"].append(relation)
for key, (graph, _, _) in merged.items():
    json.dump(graph, open(os.path.join(target, key + ".symbols.json"), "w"))
    print(f"{key}: {len(graph['symbols'])} symbols", file=sys.stderr)
PY

echo "== docc convert" >&2
log="$out/docc.log"
# shellcheck disable=SC2086  # $static is a word list on purpose
if ! "$docc" convert Sources/Sock/Sock.docc \
    --additional-symbol-graph-dir "$merged" \
    --fallback-display-name Sock --fallback-bundle-identifier org.sock.Sock \
    --output-path "$out/Sock.doccarchive" --warnings-as-errors $static >"$log" 2>&1; then
    cat "$log" >&2
    echo "docs.sh: docc failed (warnings are errors)" >&2
    exit 1
fi
if grep -q "warning:" "$log"; then
    cat "$log" >&2
    echo "docs.sh: docc printed warnings" >&2
    exit 1
fi
echo "docs.sh: documentation built without warnings: $out/Sock.doccarchive" >&2
