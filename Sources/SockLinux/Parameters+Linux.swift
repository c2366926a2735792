#if os(Linux)
import SockPOSIX

// The Linux-only values of the core's typed parameters.

extension MessageFlags {
    /// `MSG_MORE` (Linux 2.4.4): more data follows; the kernel may hold this send until then (like
    /// `TCP_CORK` for one call; on UDP, the datagram grows until a send without it). Linux-only.
    @inlinable public static var more: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_MORE) }
    /// `MSG_CONFIRM` (Linux 2.3.15): the link layer got a reply, so ARP/ND need not probe the
    /// neighbour again (UDP and raw sends). Linux-only.
    @inlinable public static var confirm: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_CONFIRM) }
    /// `MSG_DONTROUTE`: send only to hosts on directly connected networks. Linux-only in Sock.
    @inlinable public static var dontRoute: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_DONTROUTE) }
    /// `MSG_ZEROCOPY` (Linux 4.14): send without copying, once `setZeroCopy(true)` is on; the
    /// completions arrive on the error queue (`receiveError`). Keep the buffer unchanged until its
    /// completion arrives. Linux-only.
    @inlinable public static var zeroCopy: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_ZEROCOPY) }
    /// `MSG_FASTOPEN` (Linux 3.7): a `sendto` that connects with TCP Fast Open. Linux-only.
    @inlinable public static var fastOpen: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_FASTOPEN) }
    /// `MSG_ERRQUEUE`, as returned in `msg_flags`: the message came from the error queue.
    /// Linux-only.
    @inlinable public static var errorQueue: MessageFlags { MessageFlags(rawValue: LinuxABI.MSG_ERRQUEUE) }
    /// `MSG_NOTIFICATION`, as returned in `msg_flags` of an SCTP receive: the bytes are an SCTP
    /// notification, not user data (the same bit as `MSG_MORE`, which is a send flag).
    /// Linux-only.
    @inlinable public static var notification: MessageFlags { MessageFlags(rawValue: SCTPC.MSG_NOTIFICATION) }
}

extension SocketProtocol {
    /// `IPPROTO_SCTP`. Linux-only (and only where the kernel has SCTP).
    @inlinable public static var sctp: SocketProtocol { SocketProtocol(rawValue: LinuxABI.IPPROTO_SCTP) }
    /// `IPPROTO_UDPLITE`. Linux-only.
    @inlinable public static var udpLite: SocketProtocol { SocketProtocol(rawValue: LinuxABI.IPPROTO_UDPLITE) }
    /// `IPPROTO_MPTCP` (Linux 5.6): Multipath TCP. Linux-only.
    @inlinable public static var mptcp: SocketProtocol { SocketProtocol(rawValue: CInt(LinuxABI.IPPROTO_MPTCP)) }
}

extension OptionLevel {
    /// `SOL_SCTP`: SCTP options. Linux-only.
    @inlinable public static var sctp: OptionLevel { OptionLevel(rawValue: LinuxABI.SOL_SCTP) }
}
#endif
