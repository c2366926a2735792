// The malloc counter (CTestSupport's interposer) for the zero-allocation tests.

import CTestSupport
import Testing

/// Counts this thread's heap allocations made by `body`; nil when the interposer is unavailable
/// (sanitizer builds), so callers can skip with a printed reason.
package func countMallocs(_ body: () throws -> Void) rethrows -> UInt64? {
    guard ctest_malloc_interposed() != 0 else { return nil }
    // Swift Testing's throw hook boxes every thrown error (1 malloc); it is the harness's cost,
    // not the library's, so it is off while we count.
    ctest_suspend_throw_hooks()
    defer { ctest_resume_throw_hooks() }
    ctest_malloc_begin()
    do {
        try body()
    } catch {
        _ = ctest_malloc_end()
        throw error
    }
    return ctest_malloc_end()
}

/// Expects `body` to allocate nothing: runs it once to warm up (the runtime instantiates type
/// metadata lazily, once per process), then counts a second run. Skips with a printed reason
/// when the malloc counter is unavailable.
package func expectNoMallocs(
    _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) throws {
    try body()
    guard let count = try countMallocs(body) else {
        try skip("malloc counter unavailable in this build (\(what))")
    }
    #expect(count == 0, "\(what): \(count) allocations", sourceLocation: sourceLocation)
}
