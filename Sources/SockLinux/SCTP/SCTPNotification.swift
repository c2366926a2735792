#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An SCTP notification (`union sctp_notification`), decoded from the bytes of a received message
/// whose ``SCTPMessage/isNotification`` is true. Linux-only.
///
/// ```swift
/// try conn.subscribe(to: .associationChange)
/// let message = try conn.receiveMessage(into: buffer)
/// if message.isNotification, case .associationChange(let change) = try SCTPNotification(
///     decoding: UnsafeRawBufferPointer(rebasing: buffer[..<message.count])) {
///     print(change.state, change.outboundStreams)
/// }
/// ```
@frozen
public enum SCTPNotification: Sendable, Hashable {
    /// `SCTP_ASSOC_CHANGE`.
    case associationChange(SCTPAssociationChange)
    /// `SCTP_PEER_ADDR_CHANGE`.
    case peerAddressChange(SCTPPeerAddressChange)
    /// `SCTP_SHUTDOWN_EVENT` (`struct sctp_shutdown_event`): the peer shut down.
    case shutdown(association: SCTPAssociationID)
    /// `SCTP_SEND_FAILED_EVENT`.
    case sendFailed(SCTPSendFailed)
    /// Any other type; its header fields (`sn_type`, `sn_flags`, `sn_length`).
    case other(type: SCTPEventType, flags: UInt16, length: Int)

    /// Decodes a notification from the bytes the kernel delivered, by the offsets of the
    /// generated ABI layouts. No allocation. Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.malformedNotification` when the bytes are shorter than
    ///   the header (8 bytes) or than the struct their type needs (`struct sctp_assoc_change`: 20,
    ///   `struct sctp_paddr_change`: 148, `struct sctp_shutdown_event`: 12,
    ///   `struct sctp_send_failed_event`: 32), or when the header's length says less than that.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(SocketError) {
        func malformed() -> SocketError { .invalid(.malformedNotification, .decodeNotification) }
        guard let type = bytes.field(at: LinuxABI.offsetof_sctp_notification_sn_header_sn_type, as: UInt16.self),
            let flags = bytes.field(at: LinuxABI.offsetof_sctp_notification_sn_header_sn_flags, as: UInt16.self),
            let length = bytes.field(at: LinuxABI.offsetof_sctp_notification_sn_header_sn_length, as: UInt32.self)
        else { throw malformed() }
        let event = SCTPEventType(rawValue: type)
        func need(_ size: Int) throws(SocketError) {
            guard bytes.count >= size, Int(length) >= size else { throw malformed() }
        }
        switch event {
        case .associationChange:
            try need(LinuxABI.sizeof_sctp_assoc_change)
            self = .associationChange(
                SCTPAssociationChange(
                    state: .init(rawValue: bytes.field(at: LinuxABI.offsetof_sctp_assoc_change_sac_state)!),
                    error: bytes.field(at: LinuxABI.offsetof_sctp_assoc_change_sac_error)!,
                    outboundStreams: bytes.field(at: LinuxABI.offsetof_sctp_assoc_change_sac_outbound_streams)!,
                    inboundStreams: bytes.field(at: LinuxABI.offsetof_sctp_assoc_change_sac_inbound_streams)!,
                    association: .init(rawValue: bytes.field(at: LinuxABI.offsetof_sctp_assoc_change_sac_assoc_id)!)
                )
            )
        case .peerAddressChange:
            try need(LinuxABI.sizeof_sctp_paddr_change)
            self = .peerAddressChange(
                SCTPPeerAddressChange(
                    address: try SCTPNotification.storage(
                        bytes,
                        at: LinuxABI.offsetof_sctp_paddr_change_spc_aaddr,
                        size: LinuxABI.fieldsize_sctp_paddr_change_spc_aaddr
                    ),
                    state: .init(rawValue: bytes.field(at: LinuxABI.offsetof_sctp_paddr_change_spc_state)!),
                    error: bytes.field(at: LinuxABI.offsetof_sctp_paddr_change_spc_error)!,
                    association: .init(rawValue: bytes.field(at: LinuxABI.offsetof_sctp_paddr_change_spc_assoc_id)!)
                )
            )
        case .shutdown:
            try need(LinuxABI.sizeof_sctp_shutdown_event)
            self = .shutdown(
                association: .init(rawValue: bytes.field(at: LinuxABI.offsetof_sctp_shutdown_event_sse_assoc_id)!)
            )
        case .sendFailed:
            try need(LinuxABI.sizeof_sctp_send_failed_event)
            guard let info = SCTPSendInfo(decoding: bytes, at: LinuxABI.offsetof_sctp_send_failed_event_ssfe_info)
            else { throw malformed() }
            let dataStart = LinuxABI.offsetof_sctp_send_failed_event_ssf_data
            self = .sendFailed(
                SCTPSendFailed(
                    flags: flags,
                    error: bytes.field(at: LinuxABI.offsetof_sctp_send_failed_event_ssf_error)!,
                    info: info,
                    association: .init(
                        rawValue: bytes.field(at: LinuxABI.offsetof_sctp_send_failed_event_ssf_assoc_id)!
                    ),
                    undeliveredData: dataStart..<max(dataStart, min(Int(length), bytes.count))
                )
            )
        default:
            self = .other(type: event, flags: flags, length: Int(length))
        }
    }

    /// The notification's type.
    public var type: SCTPEventType {
        switch self {
        case .associationChange: .associationChange
        case .peerAddressChange: .peerAddressChange
        case .shutdown: .shutdown
        case .sendFailed: .sendFailed
        case .other(let type, _, _): type
        }
    }

    /// The association the notification is about, when its type carries one.
    public var association: SCTPAssociationID? {
        switch self {
        case .associationChange(let change): change.association
        case .peerAddressChange(let change): change.association
        case .shutdown(let association): association
        case .sendFailed(let failure): failure.association
        case .other: nil
        }
    }

    /// Decodes a `struct sockaddr_storage` embedded at `offset`: each family by the length of its
    /// own struct, an unknown family as the whole slot. (`AF_UNIX`, which the kernel never puts
    /// there, decodes as a `sockaddr_un` instead of failing as a 128-byte path.)
    static func storage(_ bytes: UnsafeRawBufferPointer, at offset: Int, size: Int) throws(SocketError) -> SocketAddress
    {
        guard let family = bytes.field(at: offset, as: sa_family_t.self), offset + size <= bytes.count,
            let base = bytes.baseAddress
        else { throw .invalid(.malformedNotification, .decodeNotification) }
        let length: Int
        switch CInt(family) {
        case LinuxABI.AF_INET: length = MemoryLayout<sockaddr_in>.size
        case LinuxABI.AF_INET6: length = MemoryLayout<sockaddr_in6>.size
        case LinuxABI.AF_UNIX: length = Swift.min(size, MemoryLayout<sockaddr_un>.size)
        case LinuxABI.AF_UNSPEC: return SocketAddress()
        default: length = size
        }
        return try SocketAddress(
            decoding: (base + offset).assumingMemoryBound(to: sockaddr.self),
            length: socklen_t(length)
        )
    }
}
#endif
