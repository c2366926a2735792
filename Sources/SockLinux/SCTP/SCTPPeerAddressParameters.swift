#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Flags of ``SCTPPeerAddressParameters`` (`spp_flags`, `enum sctp_spp_flags`): which settings a
/// set applies, and the state a get reports. Linux-only.
@frozen
public struct SCTPPeerAddressFlags: OptionSet, Sendable, Hashable {
    /// The raw `spp_flags`.
    public var rawValue: UInt32

    /// Wraps a raw kernel value.

    /// Wraps a raw kernel value.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `SPP_HB_ENABLE`: heartbeats on (with ``SCTPPeerAddressParameters/heartbeatInterval``).
    public static var heartbeatEnable: Self { Self(rawValue: SCTPC.SPP_HB_ENABLE) }
    /// `SPP_HB_DISABLE`.
    public static var heartbeatDisable: Self { Self(rawValue: SCTPC.SPP_HB_DISABLE) }
    /// `SPP_HB_DEMAND`: send a heartbeat now.
    public static var heartbeatDemand: Self { Self(rawValue: SCTPC.SPP_HB_DEMAND) }
    /// `SPP_PMTUD_ENABLE`: path MTU discovery on.
    public static var pathMTUDiscoveryEnable: Self { Self(rawValue: SCTPC.SPP_PMTUD_ENABLE) }
    /// `SPP_PMTUD_DISABLE`: off, use ``SCTPPeerAddressParameters/pathMTU``.
    public static var pathMTUDiscoveryDisable: Self { Self(rawValue: SCTPC.SPP_PMTUD_DISABLE) }
    /// `SPP_SACKDELAY_ENABLE`: delayed SACK on (with ``SCTPPeerAddressParameters/sackDelay``).
    public static var sackDelayEnable: Self { Self(rawValue: SCTPC.SPP_SACKDELAY_ENABLE) }
    /// `SPP_SACKDELAY_DISABLE`.
    public static var sackDelayDisable: Self { Self(rawValue: SCTPC.SPP_SACKDELAY_DISABLE) }
    /// `SPP_HB_TIME_IS_ZERO`: a heartbeat interval of exactly 0.
    public static var heartbeatTimeIsZero: Self { Self(rawValue: SCTPC.SPP_HB_TIME_IS_ZERO) }
    /// `SPP_IPV6_FLOWLABEL`: apply ``SCTPPeerAddressParameters/ipv6FlowLabel``.
    public static var ipv6FlowLabel: Self { Self(rawValue: SCTPC.SPP_IPV6_FLOWLABEL) }
    /// `SPP_DSCP`: apply ``SCTPPeerAddressParameters/dscp``.
    public static var dscp: Self { Self(rawValue: SCTPC.SPP_DSCP) }
}

/// Per-path parameters (`struct sctp_paddrparams`, option `SCTP_PEER_ADDR_PARAMS`): heartbeats,
/// retransmissions, path MTU, delayed SACK, flow label and DSCP. Linux-only.
///
/// A set applies the fields its ``flags`` enable (heartbeat interval with `.heartbeatEnable`,
/// SACK delay with `.sackDelayEnable`, MTU with `.pathMTUDiscoveryDisable`, flow label and DSCP
/// with their flags); ``pathMaxRetransmissions`` applies when non-zero.
@frozen
public struct SCTPPeerAddressParameters: Sendable, Hashable {
    /// The heartbeat interval (`spp_hbinterval`), whole milliseconds.
    public var heartbeatInterval: Duration
    /// Retransmissions before the path is considered unreachable (`spp_pathmaxrxt`).
    public var pathMaxRetransmissions: UInt16
    /// The path MTU (`spp_pathmtu`).
    public var pathMTU: UInt32
    /// The delayed-SACK timeout (`spp_sackdelay`), whole milliseconds.
    public var sackDelay: Duration
    /// `spp_flags`.
    public var flags: SCTPPeerAddressFlags
    /// The IPv6 flow label (`spp_ipv6_flowlabel`).
    public var ipv6FlowLabel: UInt32
    /// The DSCP (`spp_dscp`).
    public var dscp: UInt8

    /// Creates parameters; fields not enabled by `flags` are ignored by a set.
    @inlinable
    public init(
        heartbeatInterval: Duration = .zero,
        pathMaxRetransmissions: UInt16 = 0,
        pathMTU: UInt32 = 0,
        sackDelay: Duration = .zero,
        flags: SCTPPeerAddressFlags = [],
        ipv6FlowLabel: UInt32 = 0,
        dscp: UInt8 = 0
    ) {
        self.heartbeatInterval = heartbeatInterval
        self.pathMaxRetransmissions = pathMaxRetransmissions
        self.pathMTU = pathMTU
        self.sackDelay = sackDelay
        self.flags = flags
        self.ipv6FlowLabel = ipv6FlowLabel
        self.dscp = dscp
    }

    func encode(into raw: UnsafeMutableRawBufferPointer) throws(SocketError) {
        let hb = try DurationUnits.whole(heartbeatInterval, perSecond: 1000, range: 0...Int(UInt32.max))
        let sack = try DurationUnits.whole(sackDelay, perSecond: 1000, range: 0...Int(UInt32.max))
        raw.storeBytes(of: UInt32(hb), toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_hbinterval, as: UInt32.self)
        raw.storeBytes(
            of: pathMaxRetransmissions,
            toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_pathmaxrxt,
            as: UInt16.self
        )
        raw.storeBytes(of: pathMTU, toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_pathmtu, as: UInt32.self)
        raw.storeBytes(
            of: UInt32(sack),
            toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_sackdelay,
            as: UInt32.self
        )
        raw.storeBytes(of: flags.rawValue, toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_flags, as: UInt32.self)
        raw.storeBytes(
            of: ipv6FlowLabel,
            toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_ipv6_flowlabel,
            as: UInt32.self
        )
        raw.storeBytes(of: dscp, toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_dscp, as: UInt8.self)
    }

    /// Reads `struct sctp_paddrparams` (the bytes `getsockopt(SCTP_PEER_ADDR_PARAMS)` returned);
    /// nil when they are too short. `package` for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer) {
        guard raw.count >= LinuxABI.sizeof_sctp_paddrparams,
            let hb = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_hbinterval, as: UInt32.self),
            let rxt = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_pathmaxrxt, as: UInt16.self),
            let mtu = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_pathmtu, as: UInt32.self),
            let sack = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_sackdelay, as: UInt32.self),
            let flags = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_flags, as: UInt32.self),
            let label = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_ipv6_flowlabel, as: UInt32.self),
            let dscp = raw.field(at: LinuxABI.offsetof_sctp_paddrparams_spp_dscp, as: UInt8.self)
        else { return nil }
        self.init(
            heartbeatInterval: .milliseconds(Int(hb)),
            pathMaxRetransmissions: rxt,
            pathMTU: mtu,
            sackDelay: .milliseconds(Int(sack)),
            flags: SCTPPeerAddressFlags(rawValue: flags),
            ipv6FlowLabel: label,
            dscp: dscp
        )
    }
}
#endif
