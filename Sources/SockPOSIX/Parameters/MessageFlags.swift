/// Flags of `send(2)`/`recv(2)`-family calls, and the `msg_flags` the kernel returns from
/// `recvmsg(2)`.
///
/// Sock adds the flags that keep a process safe itself, on every call, so they are not members
/// here: `MSG_NOSIGNAL` on every send (a reset peer gives ``SocketError/Code/brokenPipe``, never
/// SIGPIPE; Linux and FreeBSD) and `MSG_CMSG_CLOEXEC` on every `recvmsg` (received descriptors are
/// close-on-exec; Linux and FreeBSD). SockLinux adds the Linux-only flags (`.more`, `.zeroCopy`,
/// `.errorQueue`, ...). ``init(rawValue:)`` takes any other bit.
@frozen
public struct MessageFlags: OptionSet, Hashable, Sendable {
    /// The C bits (`MSG_*`).
    public var rawValue: CInt

    /// Wraps C `MSG_*` bits.
    @inlinable
    public init(rawValue: CInt) { self.rawValue = rawValue }

    /// `MSG_PEEK`: return queued data without removing it.
    @inlinable public static var peek: MessageFlags { MessageFlags(rawValue: SC.MSG_PEEK) }
    /// `MSG_OOB`: TCP urgent data.
    @inlinable public static var outOfBand: MessageFlags { MessageFlags(rawValue: SC.MSG_OOB) }
    /// `MSG_WAITALL`: a stream receive waits until the buffer is full. It only waits on a blocking
    /// socket; Sock's sockets are non-blocking, so it has no effect there.
    @inlinable public static var waitAll: MessageFlags { MessageFlags(rawValue: SC.MSG_WAITALL) }
    /// `MSG_DONTWAIT`: non-blocking for this call (Sock's sockets always are).
    @inlinable public static var dontWait: MessageFlags { MessageFlags(rawValue: SC.MSG_DONTWAIT) }
    /// `MSG_EOR`: end of record (`SOCK_SEQPACKET`); in `msg_flags`, a complete record was received.
    @inlinable public static var endOfRecord: MessageFlags { MessageFlags(rawValue: SC.MSG_EOR) }
    /// `MSG_TRUNC`, as returned in `msg_flags`: the datagram was longer than the buffer and the rest
    /// was discarded.
    @inlinable public static var truncated: MessageFlags { MessageFlags(rawValue: SC.MSG_TRUNC) }
    /// `MSG_CTRUNC`, as returned in `msg_flags`: control data did not fit the control buffer.
    @inlinable public static var controlTruncated: MessageFlags { MessageFlags(rawValue: SC.MSG_CTRUNC) }
}
