#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The kernel's limits for UDP generic segmentation offload (GSO, `UDP_SEGMENT`, Linux 4.18),
/// checked before a segmented send so a violation is a clear error instead of a bare EINVAL.
/// Linux-only.
///
/// One GSO send hands the kernel up to ``maxSegments`` datagrams' worth of payload in one buffer;
/// the kernel (or the NIC) cuts it into datagrams of the segment size, the last one shorter. The
/// whole payload must still fit one UDP datagram's length field.
public enum UDPSegmentation {
    /// The most segments one send may produce: the kernel's `UDP_MAX_SEGMENTS`, 128 on current
    /// kernels (it was 64 until 2024; an older kernel rejects 65...128 segments with EINVAL,
    /// thrown as `.invalidArgument`).
    public static var maxSegments: Int { 128 }

    /// The largest UDP payload over IPv4: 65535 - 20 (IP header) - 8 (UDP header).
    public static var maxPayloadIPv4: Int { 65_507 }

    /// The largest UDP payload over IPv6: 65535 - 8 (the IPv6 payload length excludes its header).
    public static var maxPayloadIPv6: Int { 65_527 }

    /// The largest payload for a socket or destination of `family` (`AF_INET6`: IPv6; else IPv4).
    @inlinable
    public static func maxPayload(family: CInt) -> Int {
        family == SC.AF_INET6 ? maxPayloadIPv6 : maxPayloadIPv4
    }

    /// Checks one segmented send of `payload` bytes in segments of `segmentSize` bytes.
    ///
    /// The kernel has one more limit Sock cannot see: a segment plus headers must fit the path MTU
    /// (EINVAL otherwise). On loopback (MTU 65536) any valid size passes.
    ///
    /// - Throws: `.invalidArgument` with `.segmentSizeInvalid` for a segment size outside
    ///   1...`maxPayload`; `.messageTooLarge` with `.payloadTooLarge` for a payload over
    ///   `maxPayload`; `.invalidArgument` with `.tooManySegments` for more than ``maxSegments``
    ///   segments.
    @inlinable
    public static func validate(
        payload: Int,
        segmentSize: Int,
        family: CInt,
        _ operation: SocketOperation = .sendMessage
    ) throws(SocketError) {
        let limit = maxPayload(family: family)
        guard segmentSize >= 1, segmentSize <= limit else { throw .invalid(.segmentSizeInvalid, operation) }
        guard payload <= limit else {
            throw SocketError(.messageTooLarge, operation: operation, detail: .payloadTooLarge)
        }
        guard (payload + segmentSize - 1) / segmentSize <= maxSegments else {
            throw .invalid(.tooManySegments, operation)
        }
    }

    /// The family whose limit applies to a send from a socket of `domain` to `destination`: an
    /// IPv4-mapped destination on an IPv6 socket goes out as IPv4.
    @inlinable
    static func family(domain: CInt, destination: SocketAddress?) -> CInt {
        guard domain == SC.AF_INET6, let destination else { return domain }
        if let v6 = destination.inet6, v6.address.isV4Mapped { return SC.AF_INET }
        if destination.family == sa_family_t(SC.AF_INET) { return SC.AF_INET }
        return domain
    }
}
#endif
