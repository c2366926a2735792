#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What the kernel reports with each received SCTP message (`struct sctp_rcvinfo`, the
/// `SCTP_RCVINFO` control message that Sock enables with `SCTP_RECVRCVINFO` on every SCTP socket
/// it creates). Linux-only.
@frozen
public struct SCTPReceiveInfo: Sendable, Hashable {
    /// The stream the message arrived on (`rcv_sid`).
    public var stream: UInt16
    /// Its stream sequence number (`rcv_ssn`; not meaningful for unordered messages).
    public var streamSequenceNumber: UInt16
    /// `rcv_flags`: ``SCTPSendFlags/unordered`` for a message sent unordered.
    public var flags: SCTPSendFlags
    /// The payload protocol identifier (`rcv_ppid`), converted to host byte order.
    public var payloadProtocolID: UInt32
    /// The transmission sequence number of (the first fragment of) the message (`rcv_tsn`).
    public var tsn: UInt32
    /// The cumulative TSN the association had acknowledged (`rcv_cumtsn`).
    public var cumulativeTSN: UInt32
    /// The receiving socket's context for the association (`rcv_context`, see
    /// ``SCTPSocket/setSCTPContext(_:association:)``).
    public var context: UInt32
    /// The association the message belongs to (`rcv_assoc_id`).
    public var association: SCTPAssociationID

    /// Whether the message was sent unordered.
    @inlinable
    public var isUnordered: Bool { flags.contains(.unordered) }

    /// Reads `struct sctp_rcvinfo` from `raw` at `offset`; nil when it does not lie within `raw`. `package`
    /// for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer, at offset: Int = 0) {
        guard offset >= 0, offset <= raw.count - LinuxABI.sizeof_sctp_rcvinfo,
            let sid = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_sid, as: UInt16.self),
            let ssn = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_ssn, as: UInt16.self),
            let flags = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_flags, as: UInt16.self),
            let ppid = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_ppid, as: UInt32.self),
            let tsn = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_tsn, as: UInt32.self),
            let cumtsn = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_cumtsn, as: UInt32.self),
            let context = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_context, as: UInt32.self),
            let assoc = raw.field(at: offset + LinuxABI.offsetof_sctp_rcvinfo_rcv_assoc_id, as: Int32.self)
        else { return nil }
        stream = sid
        streamSequenceNumber = ssn
        self.flags = SCTPSendFlags(rawValue: flags)
        payloadProtocolID = UInt32(bigEndian: ppid)
        self.tsn = tsn
        cumulativeTSN = cumtsn
        self.context = context
        association = SCTPAssociationID(rawValue: assoc)
    }
}

/// The result of `SCTPSocket/receiveMessage(into:)`: one message, or one piece of a message that
/// did not fit the buffer. Linux-only.
///
/// SCTP keeps message boundaries. A message longer than the buffer is delivered in pieces, one per
/// call; only the last one is ``isComplete`` (`MSG_EOR`). Keep reading until it is.
@frozen
public struct SCTPMessage: Sendable {
    /// Bytes stored in the buffer.
    public var count: Int
    /// `msg_flags` (``MessageFlags/endOfRecord``, ``MessageFlags/controlTruncated``,
    /// ``MessageFlags/notification``, ...).
    public var flags: MessageFlags
    /// The message's stream, PPID, association, ...; nil for a notification, and for a socket
    /// Sock did not create (where `SCTP_RECVRCVINFO` may be off).
    public var info: SCTPReceiveInfo?
    /// The sender's address (on a one-to-many socket the peer's primary address; on a
    /// one-to-one socket the peer).
    public var sender: SocketAddress

    /// Creates a result (Sock fills it from `recvmsg(2)`).
    @inlinable
    public init(count: Int, flags: MessageFlags, info: SCTPReceiveInfo?, sender: SocketAddress) {
        self.count = count
        self.flags = flags
        self.info = info
        self.sender = sender
    }

    /// The message ends with these bytes (`MSG_EOR`). `false`: the message was longer than the
    /// buffer and the rest comes with the next receive.
    @inlinable
    public var isComplete: Bool { flags.contains(.endOfRecord) }

    /// The bytes are an SCTP notification (`MSG_NOTIFICATION`), not user data: decode them with
    /// ``SCTPNotification/init(decoding:)`` once ``isComplete``.
    @inlinable
    public var isNotification: Bool { flags.contains(.notification) }

    /// The association the message belongs to, when known (``info``).
    @inlinable
    public var association: SCTPAssociationID? { info?.association }
}
#endif
