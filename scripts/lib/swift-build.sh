# Sourced by the test scripts: swift_build ARGS... runs `swift build ARGS...` and, if the build
# tool itself dies of a signal (exit status above 128: SwiftPM has been seen to segfault in
# libdispatch a few seconds into a build on a CI machine, with no compiler error), says so and
# runs the same build once more. A build that fails normally (compile errors, exit 1) is not
# retried, and a second crash fails the build.
swift_build() {
    local status=0
    swift build "$@" || status=$?
    if [ "$status" -gt 128 ]; then
        echo "swift_build: \`swift build $*\` died of signal $((status - 128)) (the build tool crashed, not a compile error); running it once more" >&2
        status=0
        swift build "$@" || status=$?
    fi
    return "$status"
}
