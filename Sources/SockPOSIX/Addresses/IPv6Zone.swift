/// The zone of a scoped IPv6 address (RFC 4007): the `eth0` in `fe80::1%eth0` or the `3` in
/// `fe80::1%3`. Stored inline (no heap). Zones exist only on IPv6.
///
/// A zone made only of decimal digits is a numeric scope id; anything else is an interface name,
/// resolved to its index with `if_nametoindex` when an endpoint is encoded into a
/// ``SockaddrInet6`` (see ``resolveScopeID()``).
@frozen
public enum IPv6Zone: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// A numeric scope id (`sin6_scope_id`), as in `%3`.
    case scopeID(UInt32)
    /// An interface name, as in `%eth0`.
    case interface(InterfaceName)

    /// Parses a zone without its `%` (`eth0`, `3`), or returns nil.
    @inlinable
    public init?(_ text: some StringProtocol) {
        guard case .success(let zone) = withUTF8Bytes(of: text, IPv6Zone.parse) else { return nil }
        self = zone
    }

    /// Parses a zone without its `%` (`eth0`, `3`).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedZone` when the zone is
    ///   empty, a number above `UInt32.max`, or not a valid ``InterfaceName``.
    @inlinable
    public init(parsing text: some StringProtocol) throws(SocketError) {
        self = try withUTF8Bytes(of: text, IPv6Zone.parse).get()
    }

    /// Parses a zone without its `%` from UTF-8 bytes, without allocating; see
    /// `init(parsing:)`.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.malformedZone`.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        self = try IPv6Zone.parse(utf8).get()
    }

    @usableFromInline
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<IPv6Zone, SocketError> {
        let failure = SocketError.invalid(.malformedZone, .parseAddress)
        guard !text.isEmpty else { return .failure(failure) }
        if text.allSatisfy({ ASCII.decimalValue($0) != nil }) {
            guard let value = ASCII.parseDecimal(text, limit: .max) else { return .failure(failure) }
            return .success(.scopeID(value))
        }
        guard case .success(let name) = InterfaceName.parse(text) else { return .failure(failure) }
        return .success(.interface(name))
    }

    /// The scope id for `sin6_scope_id`: the number itself, or the interface's index from
    /// `if_nametoindex` (a blocking ioctl inside the C library; no heap allocation).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.unknownInterface` when no
    ///   interface has the name.
    public func resolveScopeID() throws(SocketError) -> UInt32 {
        switch self {
        case .scopeID(let id): id
        case .interface(let name): try name.index()
        }
    }

    /// The zone as written after `%`: `eth0` or `3`.
    public var description: String {
        switch self {
        case .scopeID(let id): makeString(capacity: 10) { $0.appendDecimal(id) }
        case .interface(let name): name.description
        }
    }

    func write(to writer: inout TextWriter) {
        switch self {
        case .scopeID(let id): writer.appendDecimal(id)
        case .interface(let name): name.withUnsafeBytes { writer.append($0) }
        }
    }
}
