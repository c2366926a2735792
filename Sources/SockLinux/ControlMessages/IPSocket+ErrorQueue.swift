#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One entry of a socket's error queue, from `receiveError(into:control:)` (on TCP, UDP, raw and SCTP sockets).
/// Linux-only.
public struct ErrorQueueMessage: Sendable {
    /// The `recvmsg` result: the payload stored (for an ICMP error, the start of the datagram that
    /// failed), the control length, flags (`MSG_ERRQUEUE`, `MSG_TRUNC`, `MSG_CTRUNC`) and the
    /// original destination.
    public var message: MessageResult
    /// The decoded `sock_extended_err` with its offender, or nil when the control buffer held none
    /// (too small: see ``MessageResult/isControlTruncated``).
    public var error: ExtendedError?
}

extension Connection where Self: IPSocket {
    /// Reads one entry from the socket's error queue (`recvmsg(MSG_ERRQUEUE)`), which
    /// ``IPSocket/setReceiveErrors(_:)`` (`IP_RECVERR` / `IPV6_RECVERR`) or `SO_ZEROCOPY` /
    /// `SO_TIMESTAMPING` fill. Reading an ICMP error also clears the socket's pending error, so
    /// the next send does not fail with it. No allocation. Linux-only.
    ///
    /// Non-blocking: throws `.wouldBlock` when the queue is empty, unless a read deadline is set;
    /// then it waits for `POLLERR` (not for ordinary data) until the deadline.
    ///
    /// - Parameters:
    ///   - buffer: receives the queued payload (may be empty).
    ///   - control: receives the control messages; `ControlMessageLayout.space(16 + 28)` bytes
    ///     (64) hold an extended error with an IPv6 offender.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`.
    public func receiveError(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> ErrorQueueMessage {
        let message = try netSocket.receiveMessage(into: buffer, control: control, flags: SC.MSG_ERRQUEUE, .error)
        return ErrorQueueMessage(
            message: message,
            error: ControlMessages(control, count: message.controlCount).extendedError
        )
    }
}

extension Connection where Self: IPSocket {
    /// `receiveError(into:control:)` into arrays (their counts
    /// are unchanged). Linux-only.
    public func receiveError(into bytes: inout [UInt8], control: inout [UInt8]) throws(SocketError) -> ErrorQueueMessage
    {
        try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> ErrorQueueMessage in
            try control.withUnsafeMutableBufferPointer {
                (c: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> ErrorQueueMessage in
                try receiveError(into: UnsafeMutableRawBufferPointer(b), control: UnsafeMutableRawBufferPointer(c))
            }
        }
    }
}
#endif
