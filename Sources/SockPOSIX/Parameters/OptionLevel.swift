/// The level of a socket option (`SOL_SOCKET`, `IPPROTO_TCP`, ...), for the generic
/// ``Socket/getOption(level:name:as:)`` and ``Socket/setOption(level:name:_:)``.
///
/// SockLinux adds `.sctp` and `.udp`-level names; ``init(rawValue:)`` takes any other level.
@frozen
public struct OptionLevel: RawRepresentable, Hashable, Sendable {
    /// The C value.
    public var rawValue: CInt

    /// Wraps a C option level.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `SOL_SOCKET`: options of every socket (`SO_*`).
    @inlinable public static var socket: OptionLevel { OptionLevel(rawValue: SC.SOL_SOCKET) }
    /// `IPPROTO_IP`: IPv4 options (`IP_*`).
    @inlinable public static var ip: OptionLevel { OptionLevel(rawValue: SC.IPPROTO_IP) }
    /// `IPPROTO_IPV6`: IPv6 options (`IPV6_*`).
    @inlinable public static var ipv6: OptionLevel { OptionLevel(rawValue: SC.IPPROTO_IPV6) }
    /// `IPPROTO_TCP`: TCP options (`TCP_*`).
    @inlinable public static var tcp: OptionLevel { OptionLevel(rawValue: SC.IPPROTO_TCP) }
    /// `IPPROTO_UDP`: UDP options (`UDP_*`).
    @inlinable public static var udp: OptionLevel { OptionLevel(rawValue: SC.IPPROTO_UDP) }
}

/// The name of a socket option within its ``OptionLevel`` (`SO_REUSEADDR`, `TCP_NODELAY`, ...), for
/// the generic ``Socket/getOption(level:name:as:)`` and ``Socket/setOption(level:name:_:)``.
///
/// Sock has a typed accessor for each option it names (``Socket/setReuseAddress(_:)``,
/// ``TCPSocket/setNoDelay(_:)``, ...); the generic calls are for the rest, so names are given by
/// number: `OptionName(rawValue: 15)`, or the C constant of the platform's headers.
@frozen
public struct OptionName: RawRepresentable, Hashable, Sendable {
    /// The C value.
    public var rawValue: CInt

    /// Wraps a C option name.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }
}
