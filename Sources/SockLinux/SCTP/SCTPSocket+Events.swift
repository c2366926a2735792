#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SCTPSocket {
    /// Turns delivery of one notification type on or off (`setsockopt(SOL_SCTP, SCTP_EVENT)`
    /// with `struct sctp_event`). Subscribed notifications arrive in-band: a receive returns them
    /// with ``SCTPMessage/isNotification`` set. Every type is off on a new socket. Linux-only.
    ///
    /// On a one-to-one socket subscribe before reading: plain `NetSocket/read(into:)` cannot
    /// tell notifications from data, `receiveMessage(into:)` can. A listener's subscriptions are
    /// inherited by the connections it accepts.
    ///
    /// - Parameters:
    ///   - event: the notification type.
    ///   - enabled: on (default) or off.
    ///   - association: which association (one-to-many sockets); ``SCTPAssociationID/future`` by
    ///     default, i.e. the socket's default for associations to come.
    /// - Throws: `.invalidArgument` (an unknown type, or an association id that does not exist),
    ///   `.closed`.
    public func subscribe(
        to event: SCTPEventType,
        enabled: Bool = true,
        association: SCTPAssociationID = .future
    ) throws(SocketError) {
        try withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_sctp_event, alignment: 8) {
            raw throws(SocketError) in
            Self.encodeEvent(event, enabled: enabled, association: association, into: raw)
            try setOption(level: SCTPC.SOL_SCTP, name: SCTPC.EVENT, bytes: UnsafeRawBufferPointer(raw))
        }
    }

    /// Whether a notification type is subscribed (`getsockopt(SOL_SCTP, SCTP_EVENT)`).
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` (unknown type or association), `.closed`.
    public func isSubscribed(
        to event: SCTPEventType,
        association: SCTPAssociationID = .future
    ) throws(SocketError) -> Bool {
        try withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_sctp_event, alignment: 8) {
            raw throws(SocketError) -> Bool in
            Self.encodeEvent(event, enabled: false, association: association, into: raw)
            let length = try getOption(level: SCTPC.SOL_SCTP, name: SCTPC.EVENT, into: raw)
            guard let on = Self.subscription(decoding: UnsafeRawBufferPointer(raw), length: length) else {
                throw SocketError(.invalidArgument, operation: .getsockopt, detail: .bufferTooSmall)
            }
            return on
        }
    }

    /// Whether the `struct sctp_event` in `raw` says on (`se_on`), of which the kernel reported
    /// `length` bytes; nil when they do not reach `se_on`. The length is clamped to `raw`: an
    /// unchecked slice is not bounds-checked in release builds. `package` for the fuzz targets.
    package static func subscription(decoding raw: UnsafeRawBufferPointer, length: Int) -> Bool? {
        guard
            let on = UnsafeRawBufferPointer(rebasing: raw[0..<Swift.max(0, Swift.min(length, raw.count))]).field(
                at: LinuxABI.offsetof_sctp_event_se_on,
                as: UInt8.self
            )
        else { return nil }
        return on != 0
    }

    static func encodeEvent(
        _ event: SCTPEventType,
        enabled: Bool,
        association: SCTPAssociationID,
        into raw: UnsafeMutableRawBufferPointer
    ) {
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        raw.storeBytes(of: association.rawValue, toByteOffset: LinuxABI.offsetof_sctp_event_se_assoc_id, as: Int32.self)
        raw.storeBytes(of: event.rawValue, toByteOffset: LinuxABI.offsetof_sctp_event_se_type, as: UInt16.self)
        raw.storeBytes(of: enabled ? 1 : 0, toByteOffset: LinuxABI.offsetof_sctp_event_se_on, as: UInt8.self)
    }
}
#endif
