#if os(Linux)
import SockPOSIX

extension ControlMessage {
    /// A control message decoded by its level and type. Linux-only.
    public enum Kind {
        /// `IPPROTO_IP` / `IP_PKTINFO`: destination and arrival interface (`setReceivePacketInfo`).
        case packetInfo4(PacketInfo4)
        /// `IPPROTO_IPV6` / `IPV6_PKTINFO`.
        case packetInfo6(PacketInfo6)
        /// `IPPROTO_IP` / `IP_TOS`: the TOS byte (`setReceiveTrafficClass`; 1 byte on receive, an
        /// int when sent).
        case tos(UInt8)
        /// `IPPROTO_IPV6` / `IPV6_TCLASS`: the traffic class.
        case trafficClass(UInt8)
        /// `IPPROTO_IP` / `IP_TTL`: the received TTL (`setReceiveHopLimit`).
        case ttl(Int)
        /// `IPPROTO_IPV6` / `IPV6_HOPLIMIT`: the received hop limit.
        case hopLimit(Int)
        /// `SOL_SOCKET` / `SCM_TIMESTAMPNS` (or `SO_TIMESTAMPNS_NEW`): the receive time.
        case timestamp(SocketTimestamp)
        /// `SOL_UDP` / `UDP_SEGMENT`: a GSO segment size (the send-side form).
        case segmentSize(Int)
        /// `SOL_UDP` / `UDP_GRO`: the datagram is several coalesced datagrams of this size (the
        /// last may be shorter); split it at multiples of the size. Always positive: a `UDP_GRO`
        /// int of 0 or less is ``malformed``.
        case groSegmentSize(Int)
        /// `SOL_SOCKET` / `SCM_RIGHTS`: descriptors, now open in this process.
        case rights(DescriptorList)
        /// `SOL_SOCKET` / `SCM_CREDENTIALS`: the sender's credentials.
        case credentials(Credentials)
        /// `IPPROTO_IP` / `IP_RECVERR` or `IPPROTO_IPV6` / `IPV6_RECVERR`: an error-queue entry.
        case extendedError(ExtendedError)
        /// A known level and type whose payload has the wrong size (or, for `UDP_GRO`, a segment
        /// size of 0 or less).
        case malformed
        /// A message Sock has no typed form for; read ``ControlMessage/data`` yourself.
        case other
    }

    /// The message decoded by its level and type (no allocation).
    public var kind: Kind {
        switch level {
        case SC.IPPROTO_IP: return ipv4Kind
        case SC.IPPROTO_IPV6: return ipv6Kind
        case SC.SOL_SOCKET: return socketKind
        case LinuxABI.SOL_UDP: return udpKind
        default: return .other
        }
    }

    private var ipv4Kind: Kind {
        switch type {
        case LinuxABI.IP_PKTINFO: return PacketInfo4(decoding: data).map(Kind.packetInfo4) ?? .malformed
        case LinuxABI.IP_TOS:
            // The kernel delivers one byte; a sender's form is an int.
            if data.count == 1 { return .tos(data[0]) }
            return intValue.map { .tos(UInt8(truncatingIfNeeded: $0)) } ?? .malformed
        case LinuxABI.IP_TTL: return intValue.map { .ttl(Int($0)) } ?? .malformed
        case LinuxABI.IP_RECVERR: return ExtendedError(decoding: data).map(Kind.extendedError) ?? .malformed
        default: return .other
        }
    }

    private var ipv6Kind: Kind {
        switch type {
        case LinuxABI.IPV6_PKTINFO: return PacketInfo6(decoding: data).map(Kind.packetInfo6) ?? .malformed
        case LinuxABI.IPV6_TCLASS: return intValue.map { .trafficClass(UInt8(truncatingIfNeeded: $0)) } ?? .malformed
        case LinuxABI.IPV6_HOPLIMIT: return intValue.map { .hopLimit(Int($0)) } ?? .malformed
        case LinuxABI.IPV6_RECVERR: return ExtendedError(decoding: data).map(Kind.extendedError) ?? .malformed
        default: return .other
        }
    }

    private var socketKind: Kind {
        switch type {
        case LinuxABI.SCM_RIGHTS:
            return data.count % MemoryLayout<CInt>.size == 0 ? .rights(DescriptorList(data)) : .malformed
        case LinuxABI.SCM_CREDENTIALS: return Credentials(decoding: data).map(Kind.credentials) ?? .malformed
        case LinuxABI.SCM_TIMESTAMPNS, LinuxABI.SO_TIMESTAMPNS_NEW:
            guard data.count >= 16, let seconds = data.field(at: 0, as: Int64.self),
                let nanoseconds = data.field(at: 8, as: Int64.self)
            else { return .malformed }
            return .timestamp(SocketTimestamp(seconds: seconds, nanoseconds: nanoseconds))
        default: return .other
        }
    }

    private var udpKind: Kind {
        switch type {
        case LinuxABI.UDP_SEGMENT:
            return data.count == 2 ? .segmentSize(Int(data.loadUnaligned(as: UInt16.self))) : .malformed
        case LinuxABI.UDP_GRO:
            // The kernel's gso_size is positive; 0 or less is no segment size (a caller dividing
            // the datagram by it would trap), so it is malformed rather than a size.
            guard let size = intValue, size > 0 else { return .malformed }
            return .groSegmentSize(Int(size))
        default: return .other
        }
    }

    /// The payload as an int, when it is exactly one.
    private var intValue: CInt? {
        data.count == MemoryLayout<CInt>.size ? data.loadUnaligned(as: CInt.self) : nil
    }
}

extension ControlMessages {
    /// The segment size of the first well-formed `UDP_GRO` message: the received datagram holds
    /// coalesced datagrams of this size. Nil when there is none; never 0 or negative (such a
    /// message is ``ControlMessage/Kind/malformed``), so dividing by it cannot trap.
    public var groSegmentSize: Int? {
        // Level and type first: decoding every message's whole Kind cost ~60 instructions per receive.
        for message in self where message.level == LinuxABI.SOL_UDP && message.type == LinuxABI.UDP_GRO {
            if case .groSegmentSize(let size) = message.kind { return size }
        }
        return nil
    }

    /// The first `SCM_CREDENTIALS` message's credentials.
    public var credentials: Credentials? {
        for message in self where message.level == SC.SOL_SOCKET && message.type == LinuxABI.SCM_CREDENTIALS {
            if case .credentials(let value) = message.kind { return value }
        }
        return nil
    }

    /// The first error-queue entry (`IP_RECVERR` / `IPV6_RECVERR`).
    public var extendedError: ExtendedError? {
        for message in self { if case .extendedError(let value) = message.kind { return value } }
        return nil
    }

    /// The first receive timestamp (`SCM_TIMESTAMPNS`).
    public var timestamp: SocketTimestamp? {
        for message in self
        where message.level == SC.SOL_SOCKET
            && (message.type == LinuxABI.SCM_TIMESTAMPNS || message.type == LinuxABI.SO_TIMESTAMPNS_NEW)
        {
            if case .timestamp(let value) = message.kind { return value }
        }
        return nil
    }

    /// Closes every descriptor of every `SCM_RIGHTS` message (for a message whose descriptors you
    /// do not want).
    public func closeDescriptors() {
        for message in self { if case .rights(let list) = message.kind { list.closeAll() } }
    }
}
#endif
