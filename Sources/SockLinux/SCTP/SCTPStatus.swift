#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The state of an association (`sstat_state`, `enum sctp_sstat_state`). Linux-only.
@frozen
public struct SCTPAssociationState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The kernel's value.
    public var rawValue: Int32

    /// Wraps a raw kernel value.

    /// Wraps a raw kernel value.
    @inlinable
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// `SCTP_EMPTY`.
    public static var empty: Self { Self(rawValue: SCTPC.STATE_EMPTY) }
    /// `SCTP_CLOSED`.
    public static var closed: Self { Self(rawValue: SCTPC.STATE_CLOSED) }
    /// `SCTP_COOKIE_WAIT`: INIT sent.
    public static var cookieWait: Self { Self(rawValue: SCTPC.STATE_COOKIE_WAIT) }
    /// `SCTP_COOKIE_ECHOED`.
    public static var cookieEchoed: Self { Self(rawValue: SCTPC.STATE_COOKIE_ECHOED) }
    /// `SCTP_ESTABLISHED`.
    public static var established: Self { Self(rawValue: SCTPC.STATE_ESTABLISHED) }
    /// `SCTP_SHUTDOWN_PENDING`.
    public static var shutdownPending: Self { Self(rawValue: SCTPC.STATE_SHUTDOWN_PENDING) }
    /// `SCTP_SHUTDOWN_SENT`.
    public static var shutdownSent: Self { Self(rawValue: SCTPC.STATE_SHUTDOWN_SENT) }
    /// `SCTP_SHUTDOWN_RECEIVED`.
    public static var shutdownReceived: Self { Self(rawValue: SCTPC.STATE_SHUTDOWN_RECEIVED) }
    /// `SCTP_SHUTDOWN_ACK_SENT`.
    public static var shutdownAckSent: Self { Self(rawValue: SCTPC.STATE_SHUTDOWN_ACK_SENT) }

    /// The C name.
    public var description: String {
        switch self {
        case .empty: "SCTP_EMPTY"
        case .closed: "SCTP_CLOSED"
        case .cookieWait: "SCTP_COOKIE_WAIT"
        case .cookieEchoed: "SCTP_COOKIE_ECHOED"
        case .established: "SCTP_ESTABLISHED"
        case .shutdownPending: "SCTP_SHUTDOWN_PENDING"
        case .shutdownSent: "SCTP_SHUTDOWN_SENT"
        case .shutdownReceived: "SCTP_SHUTDOWN_RECEIVED"
        case .shutdownAckSent: "SCTP_SHUTDOWN_ACK_SENT"
        default: "sstat_state \(rawValue)"
        }
    }
}

/// One path (peer address) of an association (`struct sctp_paddrinfo`). Linux-only.
@frozen
public struct SCTPPeerAddressInfo: Sendable, Hashable {
    /// The path state (`spinfo_state`, `enum sctp_spinfo_state`): `SCTP_INACTIVE` (0),
    /// `SCTP_PF` (1), `SCTP_ACTIVE` (2), `SCTP_UNCONFIRMED` (3), `SCTP_UNKNOWN` (0xffff).
    @frozen
    public struct State: RawRepresentable, Sendable, Hashable {
        /// The kernel's value.
        public var rawValue: Int32

        /// Wraps a raw kernel value.

        /// Wraps a raw kernel value.
        @inlinable
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// `SCTP_INACTIVE`.
        public static var inactive: Self { Self(rawValue: SCTPC.PATH_INACTIVE) }
        /// `SCTP_PF`: potentially failed.
        public static var potentiallyFailed: Self { Self(rawValue: SCTPC.PATH_PF) }
        /// `SCTP_ACTIVE`.
        public static var active: Self { Self(rawValue: SCTPC.PATH_ACTIVE) }
        /// `SCTP_UNCONFIRMED`.
        public static var unconfirmed: Self { Self(rawValue: SCTPC.PATH_UNCONFIRMED) }
        /// `SCTP_UNKNOWN`.
        public static var unknown: Self { Self(rawValue: SCTPC.PATH_UNKNOWN) }
    }

    /// The peer address (`spinfo_address`).
    public var address: SocketAddress
    /// The path state.
    public var state: State
    /// The congestion window in bytes (`spinfo_cwnd`).
    public var congestionWindow: UInt32
    /// The smoothed round-trip time (`spinfo_srtt`, milliseconds).
    public var smoothedRTT: Duration
    /// The current retransmission timeout (`spinfo_rto`, milliseconds).
    public var rto: Duration
    /// The path MTU (`spinfo_mtu`).
    public var mtu: UInt32

    /// Reads `struct sctp_paddrinfo` at `offset` of `raw`; nil when it does not lie within `raw`. `package`
    /// for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer, at offset: Int) throws(SocketError) {
        guard offset >= 0, offset <= raw.count - LinuxABI.sizeof_sctp_paddrinfo,
            let state = raw.field(at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_state, as: Int32.self),
            let cwnd = raw.field(at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_cwnd, as: UInt32.self),
            let srtt = raw.field(at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_srtt, as: UInt32.self),
            let rto = raw.field(at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_rto, as: UInt32.self),
            let mtu = raw.field(at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_mtu, as: UInt32.self)
        else { return nil }
        address = try SCTPNotification.storage(
            raw,
            at: offset + LinuxABI.offsetof_sctp_paddrinfo_spinfo_address,
            size: LinuxABI.fieldsize_sctp_paddrinfo_spinfo_address
        )
        self.state = State(rawValue: state)
        congestionWindow = cwnd
        smoothedRTT = .milliseconds(Int(srtt))
        self.rto = .milliseconds(Int(rto))
        self.mtu = mtu
    }
}

/// An association's status (`struct sctp_status`, option `SCTP_STATUS`, read-only).
/// Linux-only.
@frozen
public struct SCTPStatus: Sendable, Hashable {
    /// The association (`sstat_assoc_id`).
    public var association: SCTPAssociationID
    /// Its state (`sstat_state`).
    public var state: SCTPAssociationState
    /// The peer's current receive window (`sstat_rwnd`).
    public var receiveWindow: UInt32
    /// Unacknowledged DATA chunks (`sstat_unackdata`).
    public var unacknowledgedData: UInt16
    /// DATA chunks waiting for delivery to this application (`sstat_penddata`).
    public var pendingData: UInt16
    /// Negotiated inbound streams (`sstat_instrms`).
    public var inboundStreams: UInt16
    /// Negotiated outbound streams (`sstat_outstrms`).
    public var outboundStreams: UInt16
    /// The size at which messages are fragmented (`sstat_fragmentation_point`).
    public var fragmentationPoint: UInt32
    /// The primary path (`sstat_primary`).
    public var primary: SCTPPeerAddressInfo

    /// Reads `struct sctp_status` (the bytes `getsockopt(SCTP_STATUS)` returned); nil when they
    /// are too short. `package` for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer) throws(SocketError) {
        guard raw.count >= LinuxABI.sizeof_sctp_status,
            let assoc = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_assoc_id, as: Int32.self),
            let state = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_state, as: Int32.self),
            let rwnd = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_rwnd, as: UInt32.self),
            let unack = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_unackdata, as: UInt16.self),
            let pend = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_penddata, as: UInt16.self),
            let instrms = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_instrms, as: UInt16.self),
            let outstrms = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_outstrms, as: UInt16.self),
            let frag = raw.field(at: LinuxABI.offsetof_sctp_status_sstat_fragmentation_point, as: UInt32.self),
            let primary = try SCTPPeerAddressInfo(decoding: raw, at: LinuxABI.offsetof_sctp_status_sstat_primary)
        else { return nil }
        association = SCTPAssociationID(rawValue: assoc)
        self.state = SCTPAssociationState(rawValue: state)
        receiveWindow = rwnd
        unacknowledgedData = unack
        pendingData = pend
        inboundStreams = instrms
        outboundStreams = outstrms
        fragmentationPoint = frag
        self.primary = primary
    }
}
#endif
