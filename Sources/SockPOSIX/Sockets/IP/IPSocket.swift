/// A socket over IPv4 or IPv6: every TCP, UDP, raw and SCTP socket. Adds the IP-level options
/// (TTL and hop limit, TOS and traffic class, `IPV6_V6ONLY`); SockLinux adds `IP_TRANSPARENT`,
/// `IP_FREEBIND`, the receive-side options (packet info, hop limit, traffic class, errors) and
/// `SO_BINDTODEVICE`.
///
/// An option of the other IP version fails as the kernel says (`IP_TTL` on an `AF_INET6` socket
/// is `.notSupported` or applies to IPv4-mapped traffic only, as on Linux).
public protocol IPSocket: Socket {}

extension IPSocket {
    /// `IPV6_V6ONLY` (IPv6 sockets): when on, the socket does not accept IPv4-mapped traffic.
    /// Set it before `bind` (listeners take an `ipv6Only` parameter for that).
    /// - Throws: `.notSupported` (an IPv4 socket), `.invalidArgument` (already bound), `.closed`.
    @inlinable
    public func setIPv6Only(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_V6ONLY, on)
    }
    /// `IPV6_V6ONLY`.
    @inlinable
    public func ipv6Only() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_V6ONLY)
    }

    /// `IP_TTL` (IPv4): the unicast time-to-live, 1...255.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setTTL(_ ttl: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IP, name: SC.IP_TTL, ttl, range: 1...255)
    }
    /// `IP_TTL`.
    @inlinable
    public func ttl() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IP, name: SC.IP_TTL)
    }

    /// `IPV6_UNICAST_HOPS` (IPv6): the hop limit, 1...255, or -1 for the route default.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` (0 included), `.closed`.
    @inlinable
    public func setHopLimit(_ hops: Int) throws(SocketError) {
        guard hops != 0 else { throw SocketError(.invalidArgument, operation: .setsockopt, detail: .valueOutOfRange) }
        try setIntOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_UNICAST_HOPS, hops, range: -1...255)
    }
    /// `IPV6_UNICAST_HOPS`.
    @inlinable
    public func hopLimit() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_UNICAST_HOPS)
    }

    /// `IP_TOS` (IPv4): the type-of-service byte (DSCP + ECN), 0...255.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setTOS(_ tos: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IP, name: SC.IP_TOS, tos, range: 0...255)
    }
    /// `IP_TOS`.
    @inlinable
    public func tos() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IP, name: SC.IP_TOS)
    }

    /// `IPV6_TCLASS` (IPv6): the traffic class, 0...255, or -1 for the default.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    @inlinable
    public func setTrafficClass(_ tclass: Int) throws(SocketError) {
        try setIntOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_TCLASS, tclass, range: -1...255)
    }
    /// `IPV6_TCLASS`.
    @inlinable
    public func trafficClass() throws(SocketError) -> Int {
        try intOption(level: SC.IPPROTO_IPV6, name: SC.IPV6_TCLASS)
    }
}

extension DatagramSocket where Self: IPSocket {
    /// `SO_BROADCAST` (UDP and raw IPv4 sockets): allows sending to broadcast addresses.
    /// - Throws: `.closed`.
    @inlinable
    public func setBroadcast(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: SC.SO_BROADCAST, on)
    }
    /// `SO_BROADCAST`.
    @inlinable
    public func broadcast() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_BROADCAST)
    }
}
