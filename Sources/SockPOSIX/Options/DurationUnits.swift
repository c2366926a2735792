/// Converts `Duration` option values to the whole kernel units an option takes (seconds,
/// milliseconds, microseconds), rounding a fraction up (never to a shorter time, and never to 0 for
/// a positive duration), and rejecting what does not fit instead of truncating it.
@usableFromInline
package enum DurationUnits {
    /// `duration` in units of `1 / perSecond` seconds, rounded up.
    ///
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` when the result is outside `range`
    ///   (a negative duration included).
    @inlinable
    package static func whole(
        _ duration: Duration,
        perSecond: Int64,
        range: ClosedRange<Int>,
        _ operation: SocketOperation = .setsockopt
    ) throws(SocketError) -> Int {
        let (seconds, attoseconds) = duration.components
        guard duration >= .zero, seconds <= Int64(range.upperBound) / perSecond + 1 else {
            throw .invalid(.valueOutOfRange, operation)
        }
        let attoPerUnit = 1_000_000_000_000_000_000 / perSecond
        let fraction = (attoseconds + attoPerUnit - 1) / attoPerUnit
        let units = seconds * perSecond + fraction
        guard units >= Int64(range.lowerBound), units <= Int64(range.upperBound) else {
            throw .invalid(.valueOutOfRange, operation)
        }
        return Int(units)
    }

    /// `duration` in whole seconds, rounded up.
    @inlinable
    package static func wholeSeconds(_ duration: Duration, in range: ClosedRange<Int>) throws(SocketError) -> Int {
        try whole(duration, perSecond: 1, range: range)
    }
}
