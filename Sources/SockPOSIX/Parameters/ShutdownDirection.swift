/// Which direction(s) `shutdown(2)` closes (``StreamConnection/shutdown(_:)``).
@frozen
public struct ShutdownDirection: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The C value (`SHUT_RD`, `SHUT_WR`, `SHUT_RDWR`).
    public var rawValue: CInt

    /// Wraps a C `SHUT_*` value.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `SHUT_RD`: no more receives.
    @inlinable public static var read: ShutdownDirection { ShutdownDirection(rawValue: SC.SHUT_RD) }
    /// `SHUT_WR`: no more sends; a stream peer reads end of stream (half-close).
    @inlinable public static var write: ShutdownDirection { ShutdownDirection(rawValue: SC.SHUT_WR) }
    /// `SHUT_RDWR`: both.
    @inlinable public static var both: ShutdownDirection { ShutdownDirection(rawValue: SC.SHUT_RDWR) }

    /// The C name.
    public var description: String {
        switch self {
        case .read: "SHUT_RD"
        case .write: "SHUT_WR"
        case .both: "SHUT_RDWR"
        default: "SHUT_\(rawValue)"
        }
    }
}
