#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Connection {
    /// Receives one message with its control data (`recvmsg(2)`, one payload buffer; zero
    /// allocations). `MSG_CMSG_CLOEXEC` is always added, so received descriptors are
    /// close-on-exec. Parse the control data with SockLinux's `ControlMessages`.
    ///
    /// On a Unix socket, descriptors a peer passed (`SCM_RIGHTS`) are closed before this returns
    /// (their slots in `control` read -1; ``MessageResult/closedDescriptors`` counts them), so a
    /// peer cannot fill the process's descriptor table through a receive that wanted something
    /// else. To take them, use `receiveMessage(into:control:flags:keepingDescriptors:)` or
    /// SockLinux's `receiveDescriptors(into:descriptors:)` on a Unix connection.
    ///
    /// - Parameters:
    ///   - buffer: the payload buffer.
    ///   - control: a buffer for control messages (zero-sized for none).
    ///   - flags: ``MessageFlags/peek``, ... (Sock adds no other flag).
    /// - Returns: the payload length stored, the control length the kernel wrote, the message
    ///   flags (``MessageResult/isTruncated``, ``MessageResult/isControlTruncated``), the sender.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.connectionReset`, ...
    @inlinable
    public func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) throws(SocketError) -> MessageResult {
        try netSocket.receiveMessage(into: buffer, control: control, flags: flags.rawValue, .read)
    }

    /// Sends one message with control data to the connected peer (`sendmsg(2)`, `MSG_NOSIGNAL`).
    /// - Throws: `.notConnected` (an unconnected datagram socket), `.invalidArgument` (a malformed
    ///   control message), `.messageTooLarge`, `.wouldBlock`, `.brokenPipe`, ...
    @inlinable
    public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        flags: MessageFlags = []
    ) throws(SocketError) -> Int {
        try netSocket.sendMessage(buffer, control: control, to: SocketAddress?.none, flags: flags.rawValue)
    }

    /// `receiveMessage(into:control:flags:)` into arrays (their
    /// counts are unchanged: the result says how much was stored).
    @inlinable
    public func receiveMessage(
        into bytes: inout [UInt8],
        control: inout [UInt8],
        flags: MessageFlags = []
    ) throws(SocketError) -> MessageResult {
        try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> MessageResult in
            try control.withUnsafeMutableBufferPointer {
                (c: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> MessageResult in
                try receiveMessage(
                    into: UnsafeMutableRawBufferPointer(b),
                    control: UnsafeMutableRawBufferPointer(c),
                    flags: flags
                )
            }
        }
    }

    /// `receiveMessage(into:control:flags:)` into spans.
    @inlinable
    public func receiveMessage(
        into span: inout MutableRawSpan,
        control: inout MutableRawSpan,
        flags: MessageFlags = []
    ) throws(SocketError) -> MessageResult {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> MessageResult in
            try control.withUnsafeMutableBytes {
                (c: UnsafeMutableRawBufferPointer) throws(SocketError) -> MessageResult in
                try receiveMessage(into: b, control: c, flags: flags)
            }
        }
    }

    /// `sendMessage(_:control:flags:)` from arrays.
    @inlinable
    public func sendMessage(_ bytes: [UInt8], control: [UInt8], flags: MessageFlags = []) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try control.withUnsafeBufferPointer { (c: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
                try sendMessage(UnsafeRawBufferPointer(b), control: UnsafeRawBufferPointer(c), flags: flags)
            }
        }
    }

    /// `sendMessage(_:control:flags:)` from spans.
    @inlinable
    public func sendMessage(_ span: RawSpan, control: RawSpan, flags: MessageFlags = []) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try control.withUnsafeBytes { (c: UnsafeRawBufferPointer) throws(SocketError) -> Int in
                try sendMessage(b, control: c, flags: flags)
            }
        }
    }
}

extension NetSocket {
    /// `recvmsg(2)` on a caller-prepared `msghdr` (its name/iov/control pointers must stay valid),
    /// waiting for `readiness` under the retry policy.
    @inlinable
    package func receiveMessage(
        _ msg: UnsafeMutablePointer<msghdr>,
        flags: CInt,
        _ readiness: Readiness = .read
    ) throws(SocketError) -> Int {
        let nameLen = msg.pointee.msg_namelen
        let controlLen = msg.pointee.msg_controllen
        return try io(.receiveMessage, readiness) {
            // The kernel shrinks these on each call: restore them before a retry.
            msg.pointee.msg_namelen = nameLen
            msg.pointee.msg_controllen = controlLen
            return Sys.recvmsg($0, msg, flags)
        }
    }

    /// `sendmsg(2)` on a caller-prepared `msghdr` (`MSG_NOSIGNAL` is added by the seam).
    @inlinable
    package func sendMessage(_ msg: UnsafePointer<msghdr>, flags: CInt) throws(SocketError) -> Int {
        try io(.sendMessage, .write, Word.of(msg), Int(flags)) { fd, m, f, _, _ in
            Sys.sendmsg(fd, Word.pointer(m)!, Word.int32(f))
        }
    }

    /// `recvmsg(2)` with one payload buffer and a control buffer; zero allocations. The one
    /// `msghdr` assembly of Sock's single-message receives (messages, the error queue, GRO).
    @inlinable
    package func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: CInt,
        _ readiness: Readiness,
        keepingDescriptors: Bool = false
    ) throws(SocketError) -> MessageResult {
        var sender = SocketAddress()
        var iov = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        let (n, controlCount, msgFlags) = try sender.withUnsafeMutableStorage {
            (sa, len) throws(SocketError) -> (Int, Int, CInt) in
            try withUnsafeMutablePointer(to: &iov) { iovp throws(SocketError) -> (Int, Int, CInt) in
                var msg = msghdr()
                msg.msg_name = UnsafeMutableRawPointer(sa)
                msg.msg_namelen = len
                msg.msg_iov = iovp
                msg.msg_iovlen = 1
                msg.msg_control = control.count > 0 ? control.baseAddress : nil
                msg.msg_controllen = numericCast(control.count)
                let n = try receiveMessage(&msg, flags: flags, readiness)
                len = msg.msg_namelen
                return (n, Int(msg.msg_controllen), msg.msg_flags)
            }
        }
        var closed = 0
        if controlCount > 0, family == .unix, !keepingDescriptors {
            closed = ReceivedRights.closeAll(in: UnsafeMutableRawBufferPointer(rebasing: control[..<controlCount]))
        }
        return MessageResult(
            count: n,
            controlCount: controlCount,
            flags: MessageFlags(rawValue: msgFlags),
            sender: sender,
            closedDescriptors: closed
        )
    }

    /// `sendmsg(2)` with one payload buffer, a control buffer and an optional destination.
    @inlinable
    package func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        control: UnsafeRawBufferPointer,
        to address: (some Sockaddr)?,
        flags: CInt
    ) throws(SocketError) -> Int {
        var iov = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer.baseAddress), iov_len: buffer.count)
        return try withUnsafeMutablePointer(to: &iov) { iovp throws(SocketError) -> Int in
            var msg = msghdr()
            msg.msg_iov = iovp
            msg.msg_iovlen = 1
            msg.msg_control = control.count > 0 ? UnsafeMutableRawPointer(mutating: control.baseAddress) : nil
            msg.msg_controllen = numericCast(control.count)
            guard let address else { return try sendMessage(&msg, flags: flags) }
            return try address.withUnsafeSockaddr { (sa, len) throws(SocketError) -> Int in
                msg.msg_name = UnsafeMutableRawPointer(mutating: sa)
                msg.msg_namelen = len
                return try sendMessage(&msg, flags: flags)
            }
        }
    }
}

extension Connection where Self: UnixSocket {
    /// Receives one message with its control data, like
    /// `receiveMessage(into:control:flags:)`, but with `keepingDescriptors: true` the descriptors a
    /// peer passed (`SCM_RIGHTS`) stay open in `control` for the caller to take (parse them with
    /// SockLinux's `ControlMessages`; the caller then owns and must close them). With `false` it is
    /// the plain receive: they are closed. Prefer SockLinux's `receiveDescriptors(into:descriptors:)`,
    /// which bounds how many it takes.
    /// - Throws: as `receiveMessage(into:control:flags:)`.
    @inlinable
    public func receiveMessage(
        into buffer: UnsafeMutableRawBufferPointer,
        control: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = [],
        keepingDescriptors: Bool
    ) throws(SocketError) -> MessageResult {
        try netSocket.receiveMessage(
            into: buffer,
            control: control,
            flags: flags.rawValue,
            .read,
            keepingDescriptors: keepingDescriptors
        )
    }
}
