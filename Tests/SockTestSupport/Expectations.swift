// Expectations and skips shared by the test targets (SockPOSIXTests, SockLinuxTests,
// ReliabilityTests): one copy, `package` access, imported by each target's support file.

import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Expects `body` to throw a `SocketError` with `code` (and `detail`, when given); returns it
/// for further checks.
@discardableResult
package func expectSocketError<R>(
    _ code: SocketError.Code,
    detail: SocketError.Detail? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(SocketError) -> R
) -> SocketError? {
    do throws(SocketError) {
        _ = try body()
        Issue.record("expected SocketError .\(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch {
        return check(error, code, detail, sourceLocation)
    }
}

/// The same for a closure that throws untyped errors (one without a `throws(SocketError)`
/// annotation); an error of another type is recorded as an issue.
@discardableResult
package func expectSocketError<R>(
    _ code: SocketError.Code,
    detail: SocketError.Detail? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> R
) -> SocketError? {
    do {
        _ = try body()
        Issue.record("expected SocketError .\(code), got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as SocketError {
        return check(error, code, detail, sourceLocation)
    } catch {
        Issue.record("expected SocketError .\(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

private func check(
    _ error: SocketError,
    _ code: SocketError.Code,
    _ detail: SocketError.Detail?,
    _ sourceLocation: SourceLocation
) -> SocketError {
    #expect(error.code == code, "expected .\(code), got \(error)", sourceLocation: sourceLocation)
    if let detail {
        #expect(error.detail == detail, "expected detail \(detail), got \(error)", sourceLocation: sourceLocation)
    }
    return error
}

/// Skips the running test, printing the reason (a skipped test never passes silently).
package func skip(_ reason: String) throws -> Never {
    print("SKIP: \(reason)")
    try Test.cancel(Comment(rawValue: reason))
}

/// Whether this process runs as root (network namespaces, SO_MARK, IP_TRANSPARENT, ...).
package var isRoot: Bool { geteuid() == 0 }

/// Skips unless root.
package func requireRoot(_ what: String) throws {
    if !isRoot { try skip("\(what) needs root (uid \(geteuid()))") }
}

/// The result of `body`, or nil when it would block (or its short deadline passed).
package func nonBlocking<R>(_ body: () throws(SocketError) -> R) throws(SocketError) -> R? {
    do {
        return try body()
    } catch {
        if error.code == .wouldBlock || error.code == .timedOut { return nil }
        throw error
    }
}
