#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An SCTP notification type (`enum sctp_sn_type`): what ``SCTPSocket/subscribe(to:enabled:association:)``
/// turns on and what a notification's header carries. Linux-only.
@frozen
public struct SCTPEventType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The kernel's `sn_type` / `se_type` value.
    public var rawValue: UInt16

    /// Wraps a raw kernel value.

    /// Wraps a raw kernel value.
    @inlinable
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    init(_ value: CInt) {
        rawValue = UInt16(truncatingIfNeeded: value)
    }

    /// `SCTP_ASSOC_CHANGE`: an association came up, was lost, restarted, shut down, or could not
    /// be set up (``SCTPAssociationChange``).
    public static var associationChange: SCTPEventType { SCTPEventType(LinuxABI.SCTP_ASSOC_CHANGE) }
    /// `SCTP_PEER_ADDR_CHANGE`: a peer address changed state (``SCTPPeerAddressChange``).
    public static var peerAddressChange: SCTPEventType { SCTPEventType(LinuxABI.SCTP_PEER_ADDR_CHANGE) }
    /// `SCTP_REMOTE_ERROR`: the peer sent an operational error.
    public static var remoteError: SCTPEventType { SCTPEventType(LinuxABI.SCTP_REMOTE_ERROR) }
    /// `SCTP_SEND_FAILED_EVENT`: a message could not be delivered (``SCTPSendFailed``).
    public static var sendFailed: SCTPEventType { SCTPEventType(LinuxABI.SCTP_SEND_FAILED_EVENT) }
    /// `SCTP_SHUTDOWN_EVENT`: the peer started a graceful shutdown; no more sends.
    public static var shutdown: SCTPEventType { SCTPEventType(LinuxABI.SCTP_SHUTDOWN_EVENT) }
    /// `SCTP_PARTIAL_DELIVERY_EVENT`: a partially delivered message was aborted.
    public static var partialDelivery: SCTPEventType { SCTPEventType(LinuxABI.SCTP_PARTIAL_DELIVERY_EVENT) }
    /// `SCTP_ADAPTATION_INDICATION`: the peer's adaptation layer indication.
    public static var adaptationIndication: SCTPEventType {
        SCTPEventType(LinuxABI.SCTP_ADAPTATION_INDICATION)
    }
    /// `SCTP_AUTHENTICATION_INDICATION`: an SCTP-AUTH key event.
    public static var authentication: SCTPEventType { SCTPEventType(LinuxABI.SCTP_AUTHENTICATION_INDICATION) }
    /// `SCTP_SENDER_DRY_EVENT`: everything sent has been acknowledged.
    public static var senderDry: SCTPEventType { SCTPEventType(LinuxABI.SCTP_SENDER_DRY_EVENT) }
    /// `SCTP_STREAM_RESET_EVENT`.
    public static var streamReset: SCTPEventType { SCTPEventType(LinuxABI.SCTP_STREAM_RESET_EVENT) }
    /// `SCTP_ASSOC_RESET_EVENT`.
    public static var associationReset: SCTPEventType { SCTPEventType(LinuxABI.SCTP_ASSOC_RESET_EVENT) }
    /// `SCTP_STREAM_CHANGE_EVENT`.
    public static var streamChange: SCTPEventType { SCTPEventType(LinuxABI.SCTP_STREAM_CHANGE_EVENT) }

    /// The C name (`SCTP_ASSOC_CHANGE`, ...) or the number.
    public var description: String {
        switch self {
        case .associationChange: "SCTP_ASSOC_CHANGE"
        case .peerAddressChange: "SCTP_PEER_ADDR_CHANGE"
        case .remoteError: "SCTP_REMOTE_ERROR"
        case .sendFailed: "SCTP_SEND_FAILED_EVENT"
        case .shutdown: "SCTP_SHUTDOWN_EVENT"
        case .partialDelivery: "SCTP_PARTIAL_DELIVERY_EVENT"
        case .adaptationIndication: "SCTP_ADAPTATION_INDICATION"
        case .authentication: "SCTP_AUTHENTICATION_INDICATION"
        case .senderDry: "SCTP_SENDER_DRY_EVENT"
        case .streamReset: "SCTP_STREAM_RESET_EVENT"
        case .associationReset: "SCTP_ASSOC_RESET_EVENT"
        case .streamChange: "SCTP_STREAM_CHANGE_EVENT"
        default: "SCTP event \(rawValue)"
        }
    }
}
#endif
