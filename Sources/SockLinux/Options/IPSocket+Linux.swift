#if os(Linux)
import SockPOSIX

// Linux-only IP options that exist for IPv4 and IPv6: the accessor picks the IPv4 option on an
// AF_INET socket and the IPv6 one on an AF_INET6 socket.

extension IPSocket {
    /// `IP_TRANSPARENT` (Linux 2.6.28) / `IPV6_TRANSPARENT` (2.6.37): lets the socket bind to and
    /// send from a non-local address, for transparent proxies (with TPROXY rules). Needs
    /// CAP_NET_ADMIN or CAP_NET_RAW (`.permissionDenied`).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.permissionDenied`, `.closed`.
    public func setTransparent(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_TRANSPARENT, v6: LinuxABI.IPV6_TRANSPARENT, on)
    }

    /// `IP_TRANSPARENT` / `IPV6_TRANSPARENT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func transparent() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_TRANSPARENT, v6: LinuxABI.IPV6_TRANSPARENT)
    }

    /// `IP_FREEBIND` (Linux 2.4) / `IPV6_FREEBIND` (4.15): lets the socket bind to an address that
    /// is not (yet) configured on any interface, e.g. before the interface comes up.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func setFreeBind(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_FREEBIND, v6: LinuxABI.IPV6_FREEBIND, on)
    }

    /// `IP_FREEBIND` / `IPV6_FREEBIND`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func freeBind() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_FREEBIND, v6: LinuxABI.IPV6_FREEBIND)
    }

    /// `IPPROTO_IPV6` on an IPv6 socket, `IPPROTO_IP` otherwise.
    @usableFromInline
    var ipLevel: CInt { family == .inet6 ? SC.IPPROTO_IPV6 : SC.IPPROTO_IP }

    /// Sets the boolean IP option `v4` (IPPROTO_IP) on an IPv4 socket, `v6` (IPPROTO_IPV6) on an
    /// IPv6 one.
    func setIPBoolOption(v4: CInt, v6: CInt, _ on: Bool) throws(SocketError) {
        try setBoolOption(level: ipLevel, name: family == .inet6 ? v6 : v4, on)
    }

    /// Reads the boolean IP option `v4` or `v6`, by the socket's family.
    func ipBoolOption(v4: CInt, v6: CInt) throws(SocketError) -> Bool {
        try getBoolOption(level: ipLevel, name: family == .inet6 ? v6 : v4)
    }
}
#endif
