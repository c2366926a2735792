/// What a receive with an address returns: the bytes stored, the sender, the kernel's message
/// flags and, for `recvmsg(2)`, the length of the control data.
///
/// `DatagramSocket/receive(into:flags:)` (`recvfrom`) and
/// `Connection/receiveMessage(into:control:flags:)`
/// (`recvmsg`) return it.
@frozen
public struct MessageResult: Sendable {
    /// Payload bytes stored in the buffer (never more than its size).
    public var count: Int
    /// Control-message bytes the kernel wrote (0 for `recvfrom`).
    public var controlCount: Int
    /// `msg_flags`: ``MessageFlags/truncated``, ``MessageFlags/controlTruncated``,
    /// ``MessageFlags/endOfRecord``, SockLinux's `.errorQueue`, ...
    public var flags: MessageFlags
    /// The sender (an unnamed address on a connected stream).
    public var sender: SocketAddress
    /// Descriptors a peer passed with `SCM_RIGHTS` that Sock closed because the receive did not
    /// ask to keep them (Unix sockets; always 0 elsewhere). Non-zero means the peer sent
    /// descriptors nobody wanted.
    public var closedDescriptors: Int

    /// A result.
    @inlinable
    public init(
        count: Int,
        controlCount: Int = 0,
        flags: MessageFlags = [],
        sender: SocketAddress,
        closedDescriptors: Int = 0
    ) {
        self.count = count
        self.controlCount = controlCount
        self.flags = flags
        self.sender = sender
        self.closedDescriptors = closedDescriptors
    }

    /// The payload was longer than the buffer; the rest was discarded (`MSG_TRUNC`).
    @inlinable public var isTruncated: Bool { flags.contains(.truncated) }
    /// Control data did not fit the control buffer (`MSG_CTRUNC`); what did not fit is lost (and
    /// descriptors in it were closed by the kernel).
    @inlinable public var isControlTruncated: Bool { flags.contains(.controlTruncated) }
}
