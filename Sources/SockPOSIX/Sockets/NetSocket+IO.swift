import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Send flags Sock always adds: no SIGPIPE (a Swift process would die of it).
@inlinable
var alwaysSendFlags: CInt { SC.MSG_NOSIGNAL }

extension NetSocket {
    // MARK: - Stream I/O

    /// Reads up to `buffer.count` bytes. Returns 0 at end of stream (the peer shut down its side),
    /// and for an empty datagram.
    ///
    /// Non-blocking: throws `.wouldBlock` at once when no data is queued, unless a read deadline is
    /// set. The corresponding C function is `read`.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.connectionReset`, `.notConnected`, ...
    @inlinable
    public final func read(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try transfer(.read, .read, Word.of(buffer.baseAddress), buffer.count) { fd, p, n, _, _ in
            Sys.read(fd, Word.raw(p), n)
        }
    }

    /// Reads into the start of `bytes` (its count is unchanged). Returns the number of bytes read.
    @inlinable
    public final func read(into bytes: inout [UInt8]) throws(SocketError) -> Int {
        let count = bytes.count
        return try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> Int in
            try read(into: UnsafeMutableRawBufferPointer(start: b.baseAddress, count: count))
        }
    }

    /// Reads into a `MutableRawSpan`. Returns the number of bytes read.
    @inlinable
    public final func read(into span: inout MutableRawSpan) throws(SocketError) -> Int {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            try read(into: b)
        }
    }

    /// Writes up to `buffer.count` bytes with one `send(2)` (`MSG_NOSIGNAL`, so a reset peer gives
    /// `.brokenPipe`/`.connectionReset` instead of SIGPIPE). Returns the number written, which may be
    /// less than `buffer.count`; `writeAll(_:)` loops.
    /// - Throws: `.wouldBlock`, `.timedOut`, `.closed`, `.brokenPipe`, `.connectionReset`, ...
    @inlinable
    public final func write(_ buffer: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        try transfer(.write, .write, Word.of(buffer.baseAddress), buffer.count) { fd, p, n, _, _ in
            Sys.send(fd, Word.raw(p), n, alwaysSendFlags)
        }
    }

    /// Writes the bytes of an array (no copy). See ``write(_:)-(UnsafeRawBufferPointer)``.
    @inlinable
    public final func write(_ bytes: [UInt8]) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try write(UnsafeRawBufferPointer(b))
        }
    }

    /// Writes the bytes of a `RawSpan`.
    @inlinable
    public final func write(_ span: RawSpan) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in try write(b) }
    }

    /// Writes every byte of `buffer`, looping over short writes. When the socket's buffer is full it
    /// waits for writability until the write deadline, or indefinitely when none is set (this is
    /// the one blocking-style call). On error, `.written` in the thrown error's context is not
    /// available: use ``write(_:)-(UnsafeRawBufferPointer)`` to track partial progress yourself.
    /// - Throws: `.timedOut` (deadline), `.closed`, `.brokenPipe`, `.connectionReset`, ...
    public final func writeAll(_ buffer: UnsafeRawBufferPointer) throws(SocketError) {
        var offset = 0
        while offset < buffer.count {
            let rest = UnsafeRawBufferPointer(rebasing: buffer[offset...])
            do throws(SocketError) {
                offset += try write(rest)
            } catch  where error.code == .wouldBlock {
                let d = writeDeadlineNs.load(ordering: .relaxed)
                try waitReadiness(Int16(SC.POLLOUT), d == 0 ? Int64.max : d, .write)
            }
        }
    }

    /// Writes every byte of an array. See ``writeAll(_:)-(UnsafeRawBufferPointer)``.
    public final func writeAll(_ bytes: [UInt8]) throws(SocketError) {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) in
            try writeAll(UnsafeRawBufferPointer(b))
        }
    }

    /// Scatter read into several buffers with one `readv(2)`.
    /// - Throws: as ``read(into:)-(UnsafeMutableRawBufferPointer)``; `.invalidArgument` for more
    ///   than 1024 buffers (IOV_MAX).
    @inlinable
    public final func readv(_ buffers: UnsafeBufferPointer<iovec>) throws(SocketError) -> Int {
        guard buffers.count <= 1024 else { throw .invalid(.batchTooLarge, .readv) }
        let n = try io(.readv, .read) { Sys.readv($0, buffers.baseAddress, CInt(buffers.count)) }
        // 0 is end of stream, or (off Linux) the inert descriptor of a socket closed meanwhile.
        if n == 0, isClosed { throw SocketError(.closed, operation: .readv) }
        return n
    }

    /// Gather write from several buffers with one `sendmsg(2)` (`MSG_NOSIGNAL`).
    /// - Throws: as ``write(_:)-(UnsafeRawBufferPointer)``; `.invalidArgument` for more than 1024
    ///   buffers.
    @inlinable
    public final func writev(_ buffers: UnsafeBufferPointer<iovec>) throws(SocketError) -> Int {
        guard buffers.count <= 1024 else { throw .invalid(.batchTooLarge, .writev) }
        var msg = msghdr()
        msg.msg_iov = UnsafeMutablePointer(mutating: buffers.baseAddress)
        msg.msg_iovlen = numericCast(buffers.count)
        return try io(.writev, .write) { Sys.sendmsg($0, &msg, alwaysSendFlags) }
    }

    // MARK: - Flags

    /// `recv(2)` with flags (e.g. `MSG_PEEK`). Returns the byte count; with `MSG_TRUNC` on a
    /// datagram socket, the datagram's real length.
    @inlinable
    public final func receive(into buffer: UnsafeMutableRawBufferPointer, flags: CInt) throws(SocketError) -> Int {
        try io(.receive, .read, Word.of(buffer.baseAddress), buffer.count, Int(flags)) { fd, p, n, f, _ in
            Sys.recvfrom(fd, Word.raw(p), n, Word.int32(f), nil, nil)
        }
    }

    /// `send(2)` with flags; `MSG_NOSIGNAL` is always added.
    @inlinable
    public final func send(_ buffer: UnsafeRawBufferPointer, flags: CInt) throws(SocketError) -> Int {
        try transfer(.send, .write, Word.of(buffer.baseAddress), buffer.count, Int(flags)) { fd, p, n, f, _ in
            Sys.send(fd, Word.raw(p), n, Word.int32(f) | alwaysSendFlags)
        }
    }

    // MARK: - Datagrams with addresses

    /// Receives one datagram and the sender's address, with one `recvfrom(2)`. No allocation: the
    /// address is decoded into `from` in place.
    ///
    /// - Returns: the number of bytes stored and whether the datagram was longer than `buffer`
    ///   (the rest is discarded by the kernel: `MSG_TRUNC`).
    @inlinable
    public final func receiveFrom(
        into buffer: UnsafeMutableRawBufferPointer,
        from: inout SocketAddress
    ) throws(SocketError) -> (count: Int, truncated: Bool) {
        // MSG_TRUNC makes recvfrom return the real datagram length, so truncation is visible.
        let n = try from.withUnsafeMutableStorage { (sa, len) throws(SocketError) -> Int in
            try withUnsafeMutablePointer(to: &len) { lenp throws(SocketError) -> Int in
                try io(.receiveFrom, .read, Word.of(buffer.baseAddress), buffer.count, Word.of(sa), Word.of(lenp)) {
                    (fd, p, n, sa, lenp) -> Int in
                    // recvfrom shrinks the length: give every attempt the whole storage.
                    Word.pointer(lenp, to: socklen_t.self)!.pointee = AddressLayout.storageLength
                    return Sys.recvfrom(fd, Word.raw(p), n, SC.MSG_TRUNC, Word.pointer(sa), Word.pointer(lenp))
                }
            }
        }
        return (Swift.min(n, buffer.count), n > buffer.count)
    }

    /// Sends one datagram to `address` with one `sendto(2)` (`MSG_NOSIGNAL`).
    /// - Throws: `.wouldBlock`, `.messageTooLarge`, `.addressFamilyMismatch` (via the kernel's
    ///   EAFNOSUPPORT/EINVAL), `.networkUnreachable`, ...
    @inlinable
    public final func sendTo(_ buffer: UnsafeRawBufferPointer, to address: some Sockaddr) throws(SocketError) -> Int {
        try address.withUnsafeSockaddr { (sa, len) throws(SocketError) -> Int in
            try transfer(.sendTo, .write, Word.of(buffer.baseAddress), buffer.count, Word.of(sa), Int(len)) {
                (fd, p, n, sa, len) -> Int in
                Sys.sendto(fd, Word.raw(p), n, alwaysSendFlags, Word.pointer(sa), socklen_t(truncatingIfNeeded: len))
            }
        }
    }

    // MARK: - Messages (package: the typed sockets and SockLinux build on these)

    /// `recvmsg(2)` on a caller-prepared `msghdr` (its name/iov/control pointers must stay valid).
    @inlinable
    package final func receiveMessageRaw(_ msg: UnsafeMutablePointer<msghdr>, flags: CInt) throws(SocketError) -> Int {
        let nameLen = msg.pointee.msg_namelen
        let controlLen = msg.pointee.msg_controllen
        return try io(.receiveMessage, .read) {
            // The kernel shrinks these on each call: restore them before a retry.
            msg.pointee.msg_namelen = nameLen
            msg.pointee.msg_controllen = controlLen
            return Sys.recvmsg($0, msg, flags)
        }
    }

    /// `sendmsg(2)` on a caller-prepared `msghdr`; `MSG_NOSIGNAL` is always added.
    @inlinable
    package final func sendMessageRaw(_ msg: UnsafePointer<msghdr>, flags: CInt) throws(SocketError) -> Int {
        try io(.sendMessage, .write, Word.of(msg), Int(flags)) { fd, m, f, _, _ in
            Sys.sendmsg(fd, Word.pointer(m)!, Word.int32(f) | alwaysSendFlags)
        }
    }
}
