import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw IP socket (`SOCK_RAW`), e.g. for ICMP echo. Needs `CAP_NET_RAW` (or root): without it,
/// creation throws `.permissionDenied`.
///
/// On IPv4, received packets include the IP header; on IPv6 they do not (the kernel strips it).
public final class RawConn: NetSocket, @unchecked Sendable {
    /// A raw socket for `proto` (`IPPROTO_ICMP`, `IPPROTO_ICMPV6`, ...) on IPv4 or IPv6,
    /// optionally bound to `local`.
    /// - Throws: `.permissionDenied` without CAP_NET_RAW, `.protocolNotSupported`, ...
    public init(ipv6: Bool, protocol proto: CInt, local: IPAddr? = nil) throws(SocketError) {
        let family = sa_family_t(ipv6 ? SC.AF_INET6 : SC.AF_INET)
        super.init(
            owning: try NetSocket.newDescriptor(domain: family, type: SC.SOCK_RAW, proto: proto),
            domain: CInt(family),
            type: SC.SOCK_RAW,
            protocol: proto
        )
        if let local {
            do throws(SocketError) {
                try bind(try local.sockaddr(port: 0, matching: family))
            } catch {
                close()
                throw error
            }
        }
    }

    /// An ICMPv4 (`IPPROTO_ICMP`) raw socket.
    public static func icmp4() throws(SocketError) -> RawConn { try RawConn(ipv6: false, protocol: SC.IPPROTO_ICMP) }

    /// An ICMPv6 (`IPPROTO_ICMPV6`) raw socket.
    public static func icmp6() throws(SocketError) -> RawConn { try RawConn(ipv6: true, protocol: SC.IPPROTO_ICMPV6) }

    /// Receives one packet and its source address.
    @inlinable
    public func readFrom(
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> (count: Int, from: SocketAddress, truncated: Bool) {
        var from = SocketAddress()
        let r = try receiveFrom(into: buffer, from: &from)
        return (r.count, from, r.truncated)
    }

    /// Sends one packet to `address` (the port is ignored by raw sockets).
    public func writeTo(_ buffer: UnsafeRawBufferPointer, _ address: IPAddr) throws(SocketError) -> Int {
        try sendTo(buffer, to: try address.sockaddr(port: 0, matching: sa_family_t(domain)))
    }

    /// `IP_HDRINCL` (IPv4): the caller supplies the IP header on send.
    public func setHeaderIncluded(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.IPPROTO_IP, name: SC.IP_HDRINCL, on)
    }
}
