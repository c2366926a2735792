import SockPOSIX

// `async` reads and writes on connected sockets: streams (TCP, Unix stream and seqpacket, SCTP
// one-to-one) and connected datagram sockets, as `Connection`'s synchronous operations.

extension AsyncSocket where Base: Connection {
    /// Reads up to `buffer.count` bytes, waiting on the loop while none are available. 0 is the end
    /// of the stream (as `Connection.read(into:)`).
    /// - Throws: `.timedOut` (the read deadline), `.cancelled`, `.closed`, `.connectionReset`, ...
    @inlinable @inline(always)
    nonisolated(nonsending) public func read(
        into buffer: UnsafeMutableRawBufferPointer
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoopRead(
            .read,
            buffer.count,
            setsNoWait: false,
            { (registration) throws(SocketError) -> Int in try registration.takeReceived(into: buffer) },
            { () throws(SocketError) -> Int in try base.netSocket.read(into: buffer, noWait: true) }
        )
    }

    /// Reads up to `bytes.count` bytes into the array (its count is not changed).
    @inlinable @inline(always)
    nonisolated(nonsending) public func read(into bytes: inout [UInt8]) async throws(SocketError) -> Int {
        let count = bytes.count
        return try await base.netSocket.onLoopRead(
            .read,
            count,
            { (registration) throws(SocketError) -> Int in
                try bytes.withUnsafeMutableBufferPointer { (b) throws(SocketError) -> Int in
                    try registration.takeReceived(into: UnsafeMutableRawBufferPointer(b))
                }
            },
            { () throws(SocketError) -> Int in try base.read(into: &bytes) }
        )
    }

    /// `recv(2)` with flags (e.g. `.peek`), waiting while nothing is available.
    @inlinable @inline(always)
    nonisolated(nonsending) public func read(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.read, .receive) { () throws(SocketError) -> Int in
            try base.read(into: buffer, flags: flags)
        }
    }

    /// Writes up to `buffer.count` bytes with one `send(2)`, waiting while the socket's buffer is
    /// full; returns how many were written (a stream may take fewer: see `writeAll(_:)`).
    /// - Throws: `.timedOut` (the write deadline), `.cancelled`, `.closed`, `.brokenPipe`, ...
    @inlinable @inline(always)
    nonisolated(nonsending) public func write(_ buffer: UnsafeRawBufferPointer) async throws(SocketError) -> Int {
        try await base.netSocket.onLoopWrite(.write, buffer, setsNoWait: false) { () throws(SocketError) -> Int in
            try base.netSocket.write(buffer, noWait: true)
        }
    }

    /// Writes up to `bytes.count` bytes of the array.
    @inlinable @inline(always)
    nonisolated(nonsending) public func write(_ bytes: [UInt8]) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .write) { () throws(SocketError) -> Int in
            try base.write(bytes)
        }
    }

    /// `send(2)` with flags (`MSG_NOSIGNAL` is always added).
    @inlinable @inline(always)
    nonisolated(nonsending) public func write(
        _ buffer: UnsafeRawBufferPointer,
        flags: MessageFlags
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .send) { () throws(SocketError) -> Int in
            try base.write(buffer, flags: flags)
        }
    }

    /// Writes every byte of `buffer`, waiting on the loop whenever the socket's buffer is full.
    /// `written` counts the bytes written so far, also when it throws (`.cancelled`, `.timedOut`,
    /// `.brokenPipe`, ...): the bytes before `written` reached the socket, the rest did not.
    @inlinable @inline(__always)
    nonisolated(nonsending) public func writeAll(
        _ buffer: UnsafeRawBufferPointer,
        written: inout Int
    ) async throws(SocketError) {
        written = 0
        while written < buffer.count {
            let rest = UnsafeRawBufferPointer(rebasing: buffer[written...])
            written += try await write(rest)
        }
    }

    /// Writes every byte of `buffer` (see `writeAll(_:written:)` to learn how far a failed one got).
    @inlinable @inline(__always)
    nonisolated(nonsending) public func writeAll(_ buffer: UnsafeRawBufferPointer) async throws(SocketError) {
        var written = 0
        try await writeAll(buffer, written: &written)
    }

    /// Writes every byte of the array.
    @inlinable @inline(__always)
    nonisolated(nonsending) public func writeAll(_ bytes: [UInt8], written: inout Int) async throws(SocketError) {
        written = 0
        while written < bytes.count {
            let offset = written
            written += try await base.netSocket.onLoop(.write, .write) { () throws(SocketError) -> Int in
                try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
                    try base.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(b)[offset...]))
                }
            }
        }
    }

    /// Writes every byte of the array.
    @inlinable @inline(__always)
    nonisolated(nonsending) public func writeAll(_ bytes: [UInt8]) async throws(SocketError) {
        var written = 0
        try await writeAll(bytes, written: &written)
    }

    /// Waits for a non-blocking connect to finish (a dial without a timeout returns while the
    /// handshake is in progress), for at most `timeout` when one is given.
    /// - Throws: `.connectionRefused`, `.timedOut`, `.networkUnreachable`, `.cancelled`, ...
    @inlinable @inline(__always)
    nonisolated(nonsending) public func finishConnect(timeout: Duration? = nil) async throws(SocketError) {
        try await base.netSocket.awaitConnected(timeout: timeout)
    }
}

extension NetSocket {
    /// The `async` half of ``Connection/finishConnect(until:)``.
    @usableFromInline
    nonisolated(nonsending) func awaitConnected(timeout: Duration?) async throws(SocketError) {
        if let timeout, timeout < .zero { throw .invalid(.negativeTimeout, .connect) }
        let deadline = timeout.map { Deadline.after($0).nanoseconds } ?? 0
        let registration = try EventLoop.registration(for: self, .connect)
        // The registration starts optimistic; a connect in progress is not writable yet.
        if !(try pollNow(Int16(SC.POLLOUT))) {
            registration.writable = false
            while !registration.writable {
                try await registration.wait(.write, deadline, .connect)
            }
        }
        if let pending = try pendingError() {
            throw SocketError(pending.code, errno: pending.errno, operation: .connect)
        }
    }
}

extension AsyncSocket where Base: Listener {
    /// Accepts one connection, waiting on the loop until a peer connects (or the read deadline).
    /// - Throws: `.timedOut`, `.cancelled`, `.closed`, `.tooManyOpenFiles` (the connection stays
    ///   queued: back off, see the Security article), ...
    @inlinable @inline(always)
    nonisolated(nonsending) public func accept() async throws(SocketError) -> Base.Accepted {
        try await base.netSocket.onLoop(.read, .accept) { () throws(SocketError) -> Base.Accepted in
            try base.accept()
        }
    }
}

extension AsyncSocket where Base: DatagramSocket {
    /// Receives one datagram (with its sender), waiting while none is queued.
    /// - Throws: `.timedOut`, `.cancelled`, `.closed`, ...
    @inlinable @inline(always)
    nonisolated(nonsending) public func receive(
        into buffer: UnsafeMutableRawBufferPointer,
        flags: MessageFlags = []
    ) async throws(SocketError) -> MessageResult {
        try await base.netSocket.onLoop(.read, .receiveFrom) { () throws(SocketError) -> MessageResult in
            try base.receive(into: buffer, flags: flags)
        }
    }

    /// Receives one datagram into the array (its count is not changed).
    @inlinable @inline(always)
    nonisolated(nonsending) public func receive(
        into bytes: inout [UInt8],
        flags: MessageFlags = []
    ) async throws(SocketError) -> MessageResult {
        try await base.netSocket.onLoop(.read, .receiveFrom) { () throws(SocketError) -> MessageResult in
            try base.receive(into: &bytes, flags: flags)
        }
    }

    /// Sends one datagram to `address`, waiting while the socket's buffer is full.
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ buffer: UnsafeRawBufferPointer,
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendTo) { () throws(SocketError) -> Int in
            try base.send(buffer, to: address, flags: flags)
        }
    }

    /// Sends the array as one datagram to `address`.
    @inlinable @inline(always)
    nonisolated(nonsending) public func send(
        _ bytes: [UInt8],
        to address: some Sockaddr,
        flags: MessageFlags = []
    ) async throws(SocketError) -> Int {
        try await base.netSocket.onLoop(.write, .sendTo) { () throws(SocketError) -> Int in
            try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
                try base.send(UnsafeRawBufferPointer(b), to: address, flags: flags)
            }
        }
    }
}
