#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Flags of an SCTP send (`snd_flags` of `struct sctp_sndinfo`, `enum sctp_sinfo_flags`).
/// Linux-only.
@frozen
public struct SCTPSendFlags: OptionSet, Sendable, Hashable {
    /// The raw `snd_flags` value.
    public var rawValue: UInt16

    /// Wraps a raw kernel value.

    /// Wraps a raw kernel value.
    @inlinable
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// `SCTP_UNORDERED`: deliver this message as soon as it arrives, outside its stream's order.
    public static var unordered: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.UNORDERED) }
    /// `SCTP_ADDR_OVER`: send to the given address rather than the association's primary path
    /// (one-to-many sockets).
    public static var addressOverride: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.ADDR_OVER) }
    /// `SCTP_ABORT`: abort the association (ABORT chunk); the payload, if any, is the abort reason.
    public static var abort: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.ABORT) }
    /// `SCTP_SACK_IMMEDIATELY`: ask the peer to acknowledge at once.
    public static var sackImmediately: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.SACK_IMMEDIATELY) }
    /// `SCTP_SENDALL`: send the message on every association of a one-to-many socket.
    public static var sendAll: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.SENDALL) }
    /// `SCTP_EOF` (`MSG_FIN`): start a graceful shutdown of the association after this message
    /// (one-to-many sockets; send an empty message to just shut down).
    public static var endOfFile: SCTPSendFlags { SCTPSendFlags(rawValue: SCTPC.EOF) }
}

/// Per-message send parameters (`struct sctp_sndinfo`, passed as an `SCTP_SNDINFO` control
/// message, or as the socket default with `SCTP_DEFAULT_SNDINFO`). Linux-only.
///
/// ``payloadProtocolID`` is given in host byte order; Sock stores it in network byte order, so a
/// peer (and a packet capture) sees the value you wrote, as RFC 6458 expects.
@frozen
public struct SCTPSendInfo: Sendable, Hashable {
    /// The stream (`snd_sid`); it must be below the association's outbound stream count
    /// (see ``SCTPInitMessage`` and ``SCTPStatus/outboundStreams``).
    public var stream: UInt16
    /// Send flags (`snd_flags`).
    public var flags: SCTPSendFlags
    /// The payload protocol identifier (`snd_ppid`), host byte order.
    public var payloadProtocolID: UInt32
    /// An opaque value reported back in a send-failed notification (`snd_context`).
    public var context: UInt32
    /// The association to send on, for one-to-many sockets (`snd_assoc_id`); ignored on one-to-one
    /// sockets.
    public var association: SCTPAssociationID

    /// Creates send parameters; every field defaults to 0 (stream 0, ordered, PPID 0).
    @inlinable
    public init(
        stream: UInt16 = 0,
        flags: SCTPSendFlags = [],
        payloadProtocolID: UInt32 = 0,
        context: UInt32 = 0,
        association: SCTPAssociationID = .future
    ) {
        self.stream = stream
        self.flags = flags
        self.payloadProtocolID = payloadProtocolID
        self.context = context
        self.association = association
    }

    /// Writes `struct sctp_sndinfo` at the start of `raw` (which must hold
    /// `sizeof(struct sctp_sndinfo)` bytes).
    func encode(into raw: UnsafeMutableRawBufferPointer) {
        raw.storeBytes(of: stream, toByteOffset: LinuxABI.offsetof_sctp_sndinfo_snd_sid, as: UInt16.self)
        raw.storeBytes(of: flags.rawValue, toByteOffset: LinuxABI.offsetof_sctp_sndinfo_snd_flags, as: UInt16.self)
        raw.storeBytes(
            of: payloadProtocolID.bigEndian,
            toByteOffset: LinuxABI.offsetof_sctp_sndinfo_snd_ppid,
            as: UInt32.self
        )
        raw.storeBytes(of: context, toByteOffset: LinuxABI.offsetof_sctp_sndinfo_snd_context, as: UInt32.self)
        raw.storeBytes(
            of: association.rawValue,
            toByteOffset: LinuxABI.offsetof_sctp_sndinfo_snd_assoc_id,
            as: Int32.self
        )
    }

    /// Reads `struct sctp_sndinfo` from `raw` at `offset`; nil when it does not lie within `raw`. `package`
    /// for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer, at offset: Int = 0) {
        guard offset >= 0, offset <= raw.count - LinuxABI.sizeof_sctp_sndinfo,
            let sid = raw.field(at: offset + LinuxABI.offsetof_sctp_sndinfo_snd_sid, as: UInt16.self),
            let flags = raw.field(at: offset + LinuxABI.offsetof_sctp_sndinfo_snd_flags, as: UInt16.self),
            let ppid = raw.field(at: offset + LinuxABI.offsetof_sctp_sndinfo_snd_ppid, as: UInt32.self),
            let context = raw.field(at: offset + LinuxABI.offsetof_sctp_sndinfo_snd_context, as: UInt32.self),
            let assoc = raw.field(at: offset + LinuxABI.offsetof_sctp_sndinfo_snd_assoc_id, as: Int32.self)
        else { return nil }
        self.init(
            stream: sid,
            flags: SCTPSendFlags(rawValue: flags),
            payloadProtocolID: UInt32(bigEndian: ppid),
            context: context,
            association: SCTPAssociationID(rawValue: assoc)
        )
    }
}
#endif
