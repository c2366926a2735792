#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One entry of a socket's error queue, from ``NetSocket/receiveError(into:control:)``.
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

extension NetSocket {
    /// Reads one entry from the socket's error queue (`recvmsg(MSG_ERRQUEUE)`), which
    /// ``setReceiveErrors(_:)`` (`IP_RECVERR` / `IPV6_RECVERR`) or `SO_ZEROCOPY` /
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
    public final func receiveError(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> ErrorQueueMessage {
        var from = SocketAddress()
        var iov = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        let (n, controlCount, flags) = try from.withUnsafeMutableStorage {
            (sa, len) throws(SocketError) -> (Int, Int, CInt) in
            try withUnsafeMutablePointer(to: &iov) { iovp throws(SocketError) -> (Int, Int, CInt) in
                var msg = msghdr()
                msg.msg_name = UnsafeMutableRawPointer(sa)
                msg.msg_namelen = len
                msg.msg_iov = iovp
                msg.msg_iovlen = 1
                msg.msg_control = control.count > 0 ? control.baseAddress : nil
                msg.msg_controllen = numericCast(control.count)
                let n = try receiveErrorQueue(&msg)
                len = msg.msg_namelen
                return (n, Int(msg.msg_controllen), msg.msg_flags)
            }
        }
        let message = MessageResult(count: n, controlCount: controlCount, flags: flags, from: from)
        return ErrorQueueMessage(message: message, error: ControlMessages(control, count: controlCount).extendedError)
    }

    /// `recvmsg(MSG_ERRQUEUE)` with Sock's retry policy, except that it waits for POLLERR only:
    /// waiting for POLLIN would spin while ordinary data is queued and no error is.
    func receiveErrorQueue(_ msg: UnsafeMutablePointer<msghdr>) throws(SocketError) -> Int {
        try checkOpen(.receiveMessage)
        let nameLength = msg.pointee.msg_namelen
        let controlLength = msg.pointee.msg_controllen
        while true {
            msg.pointee.msg_namelen = nameLength
            msg.pointee.msg_controllen = controlLength
            let r = Sys.recvmsg(fileDescriptor, msg, SC.MSG_ERRQUEUE | SC.MSG_CMSG_CLOEXEC)
            if r >= 0 { return r }
            let e = CInt(truncatingIfNeeded: -r)
            if e == Errno.EINTR { continue }
            guard e == Errno.EAGAIN || e == Errno.EWOULDBLOCK else { throw failure(r, .receiveMessage) }
            guard let deadline = readDeadline else {
                throw SocketError(.wouldBlock, errno: e, operation: .receiveMessage)
            }
            try waitReadiness(0, deadline.nanoseconds, .receiveMessage)
        }
    }
}
#endif
