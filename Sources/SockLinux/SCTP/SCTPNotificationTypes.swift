#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `SCTP_ASSOC_CHANGE` (`struct sctp_assoc_change`): an association changed state. Linux-only.
@frozen
public struct SCTPAssociationChange: Sendable, Hashable {
    /// What happened (`sac_state`, `enum sctp_sac_state`).
    @frozen
    public struct State: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kernel's `sac_state` value.
        public var rawValue: UInt16

        /// Wraps a raw kernel value.

        /// Wraps a raw kernel value.
        @inlinable
        public init(rawValue: UInt16) {
            self.rawValue = rawValue
        }

        /// `SCTP_COMM_UP`: the association is established; ``outboundStreams`` and
        /// ``inboundStreams`` are the negotiated stream counts.
        public static var communicationUp: State { State(rawValue: SCTPC.COMM_UP) }
        /// `SCTP_COMM_LOST`: the association failed (retransmissions exhausted, or the peer aborted).
        public static var communicationLost: State { State(rawValue: SCTPC.COMM_LOST) }
        /// `SCTP_RESTART`: the peer restarted.
        public static var restart: State { State(rawValue: SCTPC.RESTART) }
        /// `SCTP_SHUTDOWN_COMP`: the graceful shutdown completed.
        public static var shutdownComplete: State { State(rawValue: SCTPC.SHUTDOWN_COMP) }
        /// `SCTP_CANT_STR_ASSOC`: the association could not be set up (the peer refused or did not
        /// answer).
        public static var cannotStartAssociation: State { State(rawValue: SCTPC.CANT_STR_ASSOC) }

        /// The C name.
        public var description: String {
            switch self {
            case .communicationUp: "SCTP_COMM_UP"
            case .communicationLost: "SCTP_COMM_LOST"
            case .restart: "SCTP_RESTART"
            case .shutdownComplete: "SCTP_SHUTDOWN_COMP"
            case .cannotStartAssociation: "SCTP_CANT_STR_ASSOC"
            default: "sac_state \(rawValue)"
            }
        }
    }

    /// What happened.
    public var state: State
    /// The error cause code, if any (`sac_error`).
    public var error: UInt16
    /// Negotiated outbound streams (`sac_outbound_streams`).
    public var outboundStreams: UInt16
    /// Negotiated inbound streams (`sac_inbound_streams`).
    public var inboundStreams: UInt16
    /// The association (`sac_assoc_id`).
    public var association: SCTPAssociationID
}

/// `SCTP_PEER_ADDR_CHANGE` (`struct sctp_paddr_change`): a peer address changed state.
/// Linux-only.
@frozen
public struct SCTPPeerAddressChange: Sendable, Hashable {
    /// The new state (`spc_state`, `enum sctp_spc_state`).
    @frozen
    public struct State: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The kernel's `spc_state` value.
        public var rawValue: Int32

        /// Wraps a raw kernel value.

        /// Wraps a raw kernel value.
        @inlinable
        public init(rawValue: Int32) {
            self.rawValue = rawValue
        }

        /// `SCTP_ADDR_AVAILABLE`: the address is reachable again.
        public static var available: State { State(rawValue: SCTPC.ADDR_AVAILABLE) }
        /// `SCTP_ADDR_UNREACHABLE`.
        public static var unreachable: State { State(rawValue: SCTPC.ADDR_UNREACHABLE) }
        /// `SCTP_ADDR_REMOVED`: the peer removed the address (ASCONF).
        public static var removed: State { State(rawValue: SCTPC.ADDR_REMOVED) }
        /// `SCTP_ADDR_ADDED`: the peer added the address (ASCONF).
        public static var added: State { State(rawValue: SCTPC.ADDR_ADDED) }
        /// `SCTP_ADDR_MADE_PRIM`: the address became the primary path.
        public static var madePrimary: State { State(rawValue: SCTPC.ADDR_MADE_PRIM) }
        /// `SCTP_ADDR_CONFIRMED`: a heartbeat confirmed the address.
        public static var confirmed: State { State(rawValue: SCTPC.ADDR_CONFIRMED) }
        /// `SCTP_ADDR_POTENTIALLY_FAILED`.
        public static var potentiallyFailed: State { State(rawValue: SCTPC.ADDR_POTENTIALLY_FAILED) }

        /// The C name.
        public var description: String {
            switch self {
            case .available: "SCTP_ADDR_AVAILABLE"
            case .unreachable: "SCTP_ADDR_UNREACHABLE"
            case .removed: "SCTP_ADDR_REMOVED"
            case .added: "SCTP_ADDR_ADDED"
            case .madePrimary: "SCTP_ADDR_MADE_PRIM"
            case .confirmed: "SCTP_ADDR_CONFIRMED"
            case .potentiallyFailed: "SCTP_ADDR_POTENTIALLY_FAILED"
            default: "spc_state \(rawValue)"
            }
        }
    }

    /// The peer address (`spc_aaddr`).
    public var address: SocketAddress
    /// The new state.
    public var state: State
    /// The error, if any (`spc_error`).
    public var error: Int32
    /// The association (`spc_assoc_id`).
    public var association: SCTPAssociationID
}

/// `SCTP_SEND_FAILED_EVENT` (`struct sctp_send_failed_event`): a message could not be
/// delivered. Linux-only.
@frozen
public struct SCTPSendFailed: Sendable, Hashable {
    /// `ssf_flags`: `SCTP_DATA_UNSENT` (0) or `SCTP_DATA_SENT` (1).
    public var flags: UInt16
    /// The error cause (`ssf_error`).
    public var error: UInt32
    /// The failed message's send parameters (`ssfe_info`), with its ``SCTPSendInfo/context``.
    public var info: SCTPSendInfo
    /// The association (`ssf_assoc_id`).
    public var association: SCTPAssociationID
    /// Where the undelivered payload lies in the notification's bytes (`ssf_data`); it may be
    /// shorter than the message when the receive buffer was smaller than the notification.
    public var undeliveredData: Range<Int>

    /// The message was put on the wire (`SCTP_DATA_SENT`), as opposed to never sent
    /// (`SCTP_DATA_UNSENT`).
    @inlinable
    public var wasSent: Bool { flags == SCTPC.DATA_SENT }
}
#endif
