#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A point in time on the monotonic clock (`CLOCK_MONOTONIC`), at which a waiting socket operation
/// gives up with ``SocketError/Code/timedOut``.
///
/// Deadlines are absolute, like Go's: set one once and every operation that waits before it
/// expires shares it. Wall-clock changes do not move it.
///
/// ```swift
/// conn.setReadDeadline(.after(.milliseconds(250)))
/// let n = try conn.read(into: buffer)   // waits for data up to 250 ms, then throws .timedOut
/// ```
@frozen
public struct Deadline: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds on `CLOCK_MONOTONIC`. Always > 0 (0 is the "no deadline" encoding inside sockets).
    public let nanoseconds: Int64

    @inlinable
    public init(monotonicNanoseconds: Int64) {
        self.nanoseconds = max(1, monotonicNanoseconds)
    }

    /// The current time.
    @inlinable
    public static var now: Deadline { Deadline(monotonicNanoseconds: Deadline.monotonicNow()) }

    /// The time `duration` from now. A zero or negative duration is a deadline already past:
    /// an operation then tries once and throws `.timedOut` instead of `.wouldBlock`.
    @inlinable
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(monotonicNanoseconds: saturatingAdd(monotonicNow(), duration.nanosecondsClamped))
    }

    /// A deadline far enough away to mean "wait as long as it takes" (about 292 years).
    @inlinable
    public static var distantFuture: Deadline { Deadline(monotonicNanoseconds: Int64.max) }

    /// Time left until the deadline (zero when past).
    @inlinable
    public var remaining: Duration {
        let left = nanoseconds &- Deadline.monotonicNow()
        return left > 0 ? .nanoseconds(left) : .zero
    }

    /// Whether the deadline has passed.
    @inlinable
    public var hasExpired: Bool { Deadline.monotonicNow() >= nanoseconds }

    @inlinable
    public static func < (a: Deadline, b: Deadline) -> Bool { a.nanoseconds < b.nanoseconds }

    public var description: String { "Deadline(in: \(remaining))" }

    @inlinable
    package static func monotonicNow() -> Int64 {
        var ts = timespec()
        _ = clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
    }

    @inlinable
    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int64.max : Int64.min) : sum
    }
}

extension Duration {
    /// The duration in nanoseconds, clamped to Int64.
    @inlinable
    package var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        let (ns, o1) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if o1 { return seconds > 0 ? Int64.max : Int64.min }
        let (sum, o2) = ns.addingReportingOverflow(attoseconds / 1_000_000_000)
        if o2 { return seconds > 0 ? Int64.max : Int64.min }
        return sum
    }
}
