#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SCTPSocket {
    /// Sends one message with `sendmsg(2)` (`MSG_NOSIGNAL`), with its stream, PPID, flags and
    /// context in an `SCTP_SNDINFO` control message; with `info == nil` no control message is sent
    /// and the socket's defaults apply (``setSCTPDefaultSendInfo(_:)``).
    ///
    /// The message is sent whole or not at all: on a full send buffer it throws `.wouldBlock`
    /// (or waits, with a write deadline). On a one-to-one socket the destination is the peer; on
    /// an ``SCTPEndpoint`` it is ``SCTPSendInfo/association`` (or use
    /// `sendMessage(_:info:to:)`). Linux-only.
    ///
    /// - Returns: the number of bytes sent (the whole message).
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.messageTooLarge` (larger than the send
    ///   buffer), `.invalidArgument` (a stream beyond the association's outbound streams),
    ///   `.brokenPipe` / `.notConnected` (association gone), ...
    public func sendMessage(_ buffer: UnsafeRawBufferPointer, info: SCTPSendInfo? = nil) throws(SocketError) -> Int {
        try sendSCTP(buffer, info: info, to: nil as SocketAddress?)
    }

    /// Sends one message to `address`: on an ``SCTPEndpoint`` this uses the association with that
    /// peer or sets one up implicitly (the message rides on the handshake). See
    /// `sendMessage(_:info:)`. Linux-only.
    public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo? = nil,
        to address: some Sockaddr
    ) throws(SocketError) -> Int {
        try sendSCTP(buffer, info: info, to: address)
    }

    /// Sends one message to the primary address of `address`, encoded for this socket's family.
    /// See `sendMessage(_:info:to:)`. Linux-only.
    ///
    /// - Throws: also `.invalidArgument` with `.addressFamilyMismatch` (IPv6 on an IPv4 socket).
    public func sendMessage(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo? = nil,
        to address: SCTPAddr
    ) throws(SocketError) -> Int {
        try sendSCTP(buffer, info: info, to: try address.sockaddr(at: 0, matching: sa_family_t(family.rawValue)))
    }

    /// Sends the bytes of an array as one message (no copy). See
    /// `sendMessage(_:info:)`. Linux-only.
    public func sendMessage(_ bytes: [UInt8], info: SCTPSendInfo? = nil) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try sendMessage(UnsafeRawBufferPointer(b), info: info)
        }
    }

    /// Sends the bytes of an array as one message to `address`. Linux-only.
    public func sendMessage(
        _ bytes: [UInt8],
        info: SCTPSendInfo? = nil,
        to address: SCTPAddr
    ) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try sendMessage(UnsafeRawBufferPointer(b), info: info, to: address)
        }
    }

    func sendSCTP(
        _ buffer: UnsafeRawBufferPointer,
        info: SCTPSendInfo?,
        to address: (some Sockaddr)?
    ) throws(SocketError) -> Int {
        guard let info else {
            return try netSocket.sendMessage(
                buffer,
                control: UnsafeRawBufferPointer(start: nil, count: 0),
                to: address,
                flags: 0
            )
        }
        return try withUnsafeTemporaryAllocation(byteCount: SCTPControl.sendInfoSpace, alignment: 8) {
            control throws(SocketError) -> Int in
            let bytes = try SCTPControl.encodeSendInfo(info, into: control)
            return try netSocket.sendMessage(buffer, control: bytes, to: address, flags: 0)
        }
    }

    /// Receives one message, or the next piece of a message longer than `buffer`, with
    /// `recvmsg(2)`, and decodes the `SCTP_RCVINFO` control message that comes with it (stream,
    /// PPID, flags, association). No allocation. Linux-only.
    ///
    /// Check ``SCTPMessage/isComplete`` (`MSG_EOR`): when false, the message continues in the next
    /// receive. Check ``SCTPMessage/isNotification`` when notifications are subscribed
    /// (``subscribe(to:enabled:association:)``). On a one-to-one socket, a zero-byte result with
    /// no flags is the end of the association (the peer shut down).
    ///
    /// - Throws: `.wouldBlock` (nothing queued, no read deadline), `.timedOut`, `.closed`,
    ///   `.connectionReset`, `.notConnected`, ...
    public func receiveMessage(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> SCTPMessage {
        try withUnsafeTemporaryAllocation(byteCount: SCTPControl.receiveSpace, alignment: 8) {
            control throws(SocketError) -> SCTPMessage in
            let result = try netSocket.receiveMessage(into: buffer, control: control, flags: 0, .read)
            let info =
                result.flags.contains(.notification)
                ? nil
                : SCTPControl.receiveInfo(in: control, count: result.controlCount)
            return SCTPMessage(count: result.count, flags: result.flags, info: info, sender: result.sender)
        }
    }

    /// Receives into the start of `bytes` (its count is unchanged). See
    /// `receiveMessage(into:)`. Linux-only.
    public func receiveMessage(into bytes: inout [UInt8]) throws(SocketError) -> SCTPMessage {
        let count = bytes.count
        return try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> SCTPMessage in
            try receiveMessage(into: UnsafeMutableRawBufferPointer(start: b.baseAddress, count: count))
        }
    }

    /// Receives into a span. See `receiveMessage(into:)`. Linux-only.
    public func receiveMessage(into span: inout MutableRawSpan) throws(SocketError) -> SCTPMessage {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> SCTPMessage in
            try receiveMessage(into: b)
        }
    }

    /// Sends the bytes of a span as one message. See `sendMessage(_:info:)`. Linux-only.
    public func sendMessage(_ span: RawSpan, info: SCTPSendInfo? = nil) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try sendMessage(b, info: info)
        }
    }

    /// Sends the bytes of a span as one message to `address`. Linux-only.
    public func sendMessage(_ span: RawSpan, info: SCTPSendInfo? = nil, to address: SCTPAddr) throws(SocketError) -> Int
    {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try sendMessage(b, info: info, to: address)
        }
    }
}
#endif
