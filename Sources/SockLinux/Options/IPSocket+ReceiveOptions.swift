#if os(Linux)
import SockPOSIX

// Options that ask the kernel to attach control messages to received datagrams (read them with
// `receiveMessage(into:control:flags:)` and ``ControlMessages``). Each picks the IPv4 option on an
// AF_INET socket and the IPv6 one on an AF_INET6 socket. IPv4 datagrams that reach an IPv6 socket
// (as v4-mapped addresses) carry the IPv6 forms, except the error queue, which keeps the IPv4 one.

extension IPSocket {
    /// `IP_PKTINFO` (Linux 2.2) / `IPV6_RECVPKTINFO` (2.6.14): attach the destination address and
    /// the arrival interface (``ControlMessage/Kind/packetInfo4(_:)`` /
    /// ``ControlMessage/Kind/packetInfo6(_:)``).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func setReceivePacketInfo(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_PKTINFO, v6: LinuxABI.IPV6_RECVPKTINFO, on)
    }

    /// `IP_PKTINFO` / `IPV6_RECVPKTINFO`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func receivePacketInfo() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_PKTINFO, v6: LinuxABI.IPV6_RECVPKTINFO)
    }

    /// `IP_RECVTOS` (Linux 2.2) / `IPV6_RECVTCLASS` (2.6.14): attach the TOS byte / traffic class
    /// (``ControlMessage/Kind/tos(_:)`` / ``ControlMessage/Kind/trafficClass(_:)``).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func setReceiveTrafficClass(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_RECVTOS, v6: LinuxABI.IPV6_RECVTCLASS, on)
    }

    /// `IP_RECVTOS` / `IPV6_RECVTCLASS`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func receiveTrafficClass() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_RECVTOS, v6: LinuxABI.IPV6_RECVTCLASS)
    }

    /// `IP_RECVTTL` (Linux 2.2) / `IPV6_RECVHOPLIMIT` (2.6.14): attach the received TTL / hop
    /// limit (``ControlMessage/Kind/ttl(_:)`` / ``ControlMessage/Kind/hopLimit(_:)``).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func setReceiveHopLimit(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_RECVTTL, v6: LinuxABI.IPV6_RECVHOPLIMIT, on)
    }

    /// `IP_RECVTTL` / `IPV6_RECVHOPLIMIT`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func receiveHopLimit() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_RECVTTL, v6: LinuxABI.IPV6_RECVHOPLIMIT)
    }

    /// `IP_RECVERR` (Linux 2.2) / `IPV6_RECVERR`: queue ICMP errors and local send errors on the
    /// socket's error queue, read with `receiveError(into:control:)`. While an error is queued
    /// the socket polls with POLLERR, and (for an unconnected socket) the next send fails with the
    /// error unless the queue is read first.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func setReceiveErrors(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_RECVERR, v6: LinuxABI.IPV6_RECVERR, on)
    }

    /// `IP_RECVERR` / `IPV6_RECVERR`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP socket), `.closed`.
    public func receiveErrors() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_RECVERR, v6: LinuxABI.IPV6_RECVERR)
    }
}
#endif
