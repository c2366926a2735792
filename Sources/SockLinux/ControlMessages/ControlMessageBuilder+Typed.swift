#if os(Linux)
import SockPOSIX

// Typed control messages for sending. Each throws `.invalidArgument` with
// `.controlBufferTooSmall` when it does not fit and `.valueOutOfRange` for a bad value.

extension ControlMessageBuilder {
    /// `SOL_UDP` / `UDP_SEGMENT` (Linux 4.18): send this datagram as GSO segments of `size` bytes
    /// (a `uint16_t`, 1...65535). See ``UDPSegmentation`` for the kernel's limits.
    public mutating func appendSegmentSize(_ size: Int) throws(SocketError) {
        guard size >= 1, size <= Int(UInt16.max) else { throw .invalid(.segmentSizeInvalid, .controlMessage) }
        try append(level: LinuxABI.SOL_UDP, type: LinuxABI.UDP_SEGMENT, value: UInt16(size))
    }

    /// `IPPROTO_IP` / `IP_PKTINFO`: send from `info.localAddress` and/or through
    /// `info.interfaceIndex`.
    public mutating func appendPacketInfo(_ info: PacketInfo4) throws(SocketError) {
        try append(level: SC.IPPROTO_IP, type: LinuxABI.IP_PKTINFO, payloadCount: LinuxABI.sizeof_in_pktinfo) {
            info.encode(into: $0)
        }
    }

    /// `IPPROTO_IPV6` / `IPV6_PKTINFO`: send from `info.address` and/or through
    /// `info.interfaceIndex`.
    public mutating func appendPacketInfo(_ info: PacketInfo6) throws(SocketError) {
        try append(level: SC.IPPROTO_IPV6, type: LinuxABI.IPV6_PKTINFO, payloadCount: LinuxABI.sizeof_in6_pktinfo) {
            info.encode(into: $0)
        }
    }

    /// `IPPROTO_IP` / `IP_TOS` for this datagram (an int, 0...255).
    public mutating func appendTOS(_ tos: Int) throws(SocketError) {
        guard (0...255).contains(tos) else { throw .invalid(.valueOutOfRange, .controlMessage) }
        try append(level: SC.IPPROTO_IP, type: LinuxABI.IP_TOS, value: CInt(tos))
    }

    /// `IPPROTO_IPV6` / `IPV6_TCLASS` for this datagram (-1: the socket's default, or 0...255).
    public mutating func appendTrafficClass(_ tclass: Int) throws(SocketError) {
        guard (-1...255).contains(tclass) else { throw .invalid(.valueOutOfRange, .controlMessage) }
        try append(level: SC.IPPROTO_IPV6, type: LinuxABI.IPV6_TCLASS, value: CInt(tclass))
    }

    /// `IPPROTO_IP` / `IP_TTL` for this datagram (1...255).
    public mutating func appendTTL(_ ttl: Int) throws(SocketError) {
        guard (1...255).contains(ttl) else { throw .invalid(.valueOutOfRange, .controlMessage) }
        try append(level: SC.IPPROTO_IP, type: LinuxABI.IP_TTL, value: CInt(ttl))
    }

    /// `IPPROTO_IPV6` / `IPV6_HOPLIMIT` for this datagram (-1: the default, or 0...255).
    public mutating func appendHopLimit(_ hops: Int) throws(SocketError) {
        guard (-1...255).contains(hops) else { throw .invalid(.valueOutOfRange, .controlMessage) }
        try append(level: SC.IPPROTO_IPV6, type: LinuxABI.IPV6_HOPLIMIT, value: CInt(hops))
    }

    /// `SOL_SOCKET` / `SCM_RIGHTS`: pass these descriptors (1...``maxDescriptors``) over a Unix
    /// socket. The descriptors stay open here; the receiver gets its own copies.
    /// - Throws: `.invalidArgument` with `.descriptorCountInvalid` for 0 or more than
    ///   ``maxDescriptors``, or `.controlBufferTooSmall`.
    public mutating func appendRights(_ descriptors: UnsafeBufferPointer<CInt>) throws(SocketError) {
        guard descriptors.count >= 1, descriptors.count <= ControlMessageBuilder.maxDescriptors else {
            throw .invalid(.descriptorCountInvalid, .controlMessage)
        }
        try append(level: SC.SOL_SOCKET, type: LinuxABI.SCM_RIGHTS, bytes: UnsafeRawBufferPointer(descriptors))
    }

    /// `SOL_SOCKET` / `SCM_CREDENTIALS`: send credentials over a Unix socket (one's own, unless
    /// privileged; see ``Credentials``).
    public mutating func appendCredentials(_ credentials: Credentials) throws(SocketError) {
        try append(level: SC.SOL_SOCKET, type: LinuxABI.SCM_CREDENTIALS, payloadCount: LinuxABI.sizeof_ucred) {
            credentials.encode(into: $0)
        }
    }

    /// The most descriptors one `SCM_RIGHTS` message may carry (the kernel's `SCM_MAX_FD`, 253).
    public static var maxDescriptors: Int { 253 }
}
#endif
