#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Submission entries for the operations a socket event loop needs. Each takes a zeroed entry
// (``IOURing/nextSubmission(opcode:fd:userData:)``) and fills its fields through the ABI table's
// offsets; `userData` comes back in the completion. Buffers, messages and addresses must stay
// valid until the operation completes. Sock's safety flags are added here as in `Sys`:
// `MSG_NOSIGNAL` on sends, `MSG_CMSG_CLOEXEC` on message receives, `SOCK_NONBLOCK | SOCK_CLOEXEC`
// on accepted descriptors.

extension IOURing {
    /// `IORING_OP_NOP`: completes with result 0.
    package func prepareNop(userData: UInt64) throws(SocketError) {
        _ = try nextSubmission(opcode: LinuxABI.IORING_OP_NOP, fd: -1, userData: userData)
    }

    /// `IORING_OP_RECV` into `buffer`: completes with the byte count (0 at end of stream).
    package func prepareReceive(
        fd: CInt,
        into buffer: UnsafeMutableRawBufferPointer,
        flags: CInt = 0,
        userData: UInt64
    ) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_RECV, fd: fd, userData: userData)
        sqe.set(addr: buffer.baseAddress, length: UInt32(truncatingIfNeeded: buffer.count))
        sqe.set(u32: UInt32(bitPattern: flags), at: LinuxABI.offsetof_io_uring_sqe_msg_flags)
    }

    /// `IORING_OP_RECV` into a buffer the kernel picks from the provided-buffer ring `bufferGroup`
    /// (`IOSQE_BUFFER_SELECT`); the completion names it (``Completion/bufferID``). With `multishot`
    /// (`IORING_RECV_MULTISHOT`, Linux 6.0) one entry keeps receiving, one completion per read, each
    /// with `IORING_CQE_F_MORE` while it stays armed; re-arm after a completion without it (end
    /// of stream, an error, or `-ENOBUFS` when the group ran out of buffers).
    package func prepareReceive(
        fd: CInt,
        bufferGroup: UInt16,
        multishot: Bool,
        flags: CInt = 0,
        userData: UInt64
    ) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_RECV, fd: fd, userData: userData)
        sqe.set(u8: UInt8(LinuxABI.IOSQE_BUFFER_SELECT), at: LinuxABI.offsetof_io_uring_sqe_flags)
        sqe.set(u16: bufferGroup, at: LinuxABI.offsetof_io_uring_sqe_buf_group)
        sqe.set(u32: UInt32(bitPattern: flags), at: LinuxABI.offsetof_io_uring_sqe_msg_flags)
        if multishot {
            sqe.set(u16: UInt16(LinuxABI.IORING_RECV_MULTISHOT), at: LinuxABI.offsetof_io_uring_sqe_ioprio)
        }
    }

    /// `IORING_OP_SEND` of `buffer`, with `MSG_NOSIGNAL`: completes with the byte count. With
    /// `skipSuccess` (`IOSQE_CQE_SKIP_SUCCESS`, Linux 5.17) a successful send posts no completion;
    /// a failed one still does.
    package func prepareSend(
        fd: CInt,
        _ buffer: UnsafeRawBufferPointer,
        flags: CInt = 0,
        skipSuccess: Bool = false,
        userData: UInt64
    ) throws(SocketError) {
        let length = UInt32(truncatingIfNeeded: buffer.count)
        try prepareSend(LinuxABI.IORING_OP_SEND, fd, buffer.baseAddress, length, flags, skipSuccess, userData)
    }

    /// `IORING_OP_SENDMSG` of `message`, with `MSG_NOSIGNAL`; `skipSuccess` as in
    /// ``prepareSend(fd:_:flags:skipSuccess:userData:)``.
    package func prepareSendMessage(
        fd: CInt,
        _ message: UnsafePointer<msghdr>,
        flags: CInt = 0,
        skipSuccess: Bool = false,
        userData: UInt64
    ) throws(SocketError) {
        try prepareSend(LinuxABI.IORING_OP_SENDMSG, fd, message, 1, flags, skipSuccess, userData)
    }

    /// ``prepareSend(fd:_:flags:skipSuccess:userData:)`` that returns the entry, whose length
    /// ``setLength(of:_:)`` can change until it is submitted.
    package func prepareSendEntry(
        fd: CInt,
        _ buffer: UnsafeRawBufferPointer,
        flags: CInt = 0,
        skipSuccess: Bool = false,
        userData: UInt64
    ) throws(SocketError) -> UnsafeMutableRawPointer {
        let length = UInt32(truncatingIfNeeded: buffer.count)
        return try prepareSend(
            LinuxABI.IORING_OP_SEND,
            fd,
            buffer.baseAddress,
            length,
            flags,
            skipSuccess,
            userData
        )
    }

    /// Sets the `len` field of a prepared, not yet submitted entry.
    package static func setLength(of entry: UnsafeMutableRawPointer, _ length: UInt32) {
        entry.set(u32: length, at: LinuxABI.offsetof_io_uring_sqe_len)
    }

    /// A send or sendmsg entry: `addr` and `len`, the flags with `MSG_NOSIGNAL`, skip-success.
    @discardableResult
    private func prepareSend(
        _ opcode: CInt,
        _ fd: CInt,
        _ address: UnsafeRawPointer?,
        _ length: UInt32,
        _ flags: CInt,
        _ skipSuccess: Bool,
        _ userData: UInt64
    ) throws(SocketError) -> UnsafeMutableRawPointer {
        let sqe = try nextSubmission(opcode: opcode, fd: fd, userData: userData)
        sqe.set(addr: address, length: length)
        sqe.set(u32: UInt32(bitPattern: flags | Sys.sendFlags), at: LinuxABI.offsetof_io_uring_sqe_msg_flags)
        if skipSuccess { sqe.set(u8: UInt8(LinuxABI.IOSQE_CQE_SKIP_SUCCESS), at: LinuxABI.offsetof_io_uring_sqe_flags) }
        return sqe
    }

    /// `IORING_OP_RECVMSG` into `message`, with `MSG_CMSG_CLOEXEC`: completes with the byte count;
    /// the kernel updates the message's name and control lengths and flags as `recvmsg(2)` does.
    package func prepareReceiveMessage(
        fd: CInt,
        _ message: UnsafeMutablePointer<msghdr>,
        flags: CInt = 0,
        userData: UInt64
    ) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_RECVMSG, fd: fd, userData: userData)
        sqe.set(addr: message, length: 1)
        let all = flags | Sys.receiveMessageFlags
        sqe.set(u32: UInt32(bitPattern: all), at: LinuxABI.offsetof_io_uring_sqe_msg_flags)
    }

    /// `IORING_OP_POLL_ADD` for `events` (`POLLIN`, `POLLOUT`, ...; the 32-bit `poll32_events`
    /// field): completes with the ready events. With `multishot` (`IORING_POLL_ADD_MULTI`, Linux
    /// 5.13) it stays armed: one completion per readiness change, with `IORING_CQE_F_MORE`.
    package func preparePoll(fd: CInt, events: UInt32, multishot: Bool = false, userData: UInt64) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_POLL_ADD, fd: fd, userData: userData)
        sqe.set(u32: events, at: LinuxABI.offsetof_io_uring_sqe_poll32_events)
        if multishot { sqe.set(u32: UInt32(LinuxABI.IORING_POLL_ADD_MULTI), at: LinuxABI.offsetof_io_uring_sqe_len) }
    }

    /// `IORING_OP_ACCEPT` on the listening socket `fd`: completes with the new descriptor,
    /// non-blocking and close-on-exec. `address` and `length` (in: the room, out: the size) receive
    /// the peer's address when given. With `multishot` (`IORING_ACCEPT_MULTISHOT`, Linux 5.19) it
    /// stays armed: one completion per connection, with `IORING_CQE_F_MORE`.
    package func prepareAccept(
        fd: CInt,
        address: UnsafeMutablePointer<sockaddr>? = nil,
        length: UnsafeMutablePointer<socklen_t>? = nil,
        multishot: Bool = false,
        userData: UInt64
    ) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_ACCEPT, fd: fd, userData: userData)
        sqe.set(u64: UInt64(UInt(bitPattern: address)), at: LinuxABI.offsetof_io_uring_sqe_addr)
        sqe.set(u64: UInt64(UInt(bitPattern: length)), at: LinuxABI.offsetof_io_uring_sqe_addr2)
        let flags = UInt32(bitPattern: Sys.newDescriptorFlags)
        sqe.set(u32: flags, at: LinuxABI.offsetof_io_uring_sqe_accept_flags)
        if multishot {
            sqe.set(u16: UInt16(LinuxABI.IORING_ACCEPT_MULTISHOT), at: LinuxABI.offsetof_io_uring_sqe_ioprio)
        }
    }

    /// `IORING_OP_CONNECT` of socket `fd` to `address` (`length` bytes): completes with 0, or the
    /// connection's error.
    package func prepareConnect(
        fd: CInt,
        to address: UnsafePointer<sockaddr>,
        length: socklen_t,
        userData: UInt64
    ) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_CONNECT, fd: fd, userData: userData)
        sqe.set(u64: UInt64(UInt(bitPattern: address)), at: LinuxABI.offsetof_io_uring_sqe_addr)
        sqe.set(u64: UInt64(length), at: LinuxABI.offsetof_io_uring_sqe_off)
    }

    /// `IORING_OP_ASYNC_CANCEL` of the request whose `user_data` is `target` (every such request
    /// with `all`, Linux 5.19): completes with 0 (or the count with `all`), `-ENOENT` when none was
    /// found, `-EALREADY` when it was already running; the cancelled request completes with
    /// `-ECANCELED`.
    package func prepareCancel(matching target: UInt64, all: Bool = false, userData: UInt64) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_ASYNC_CANCEL, fd: -1, userData: userData)
        sqe.set(u64: target, at: LinuxABI.offsetof_io_uring_sqe_addr)
        if all {
            sqe.set(u32: UInt32(LinuxABI.IORING_ASYNC_CANCEL_ALL), at: LinuxABI.offsetof_io_uring_sqe_cancel_flags)
        }
    }

    /// `IORING_OP_ASYNC_CANCEL` of every request on descriptor `fd` (`IORING_ASYNC_CANCEL_FD |
    /// IORING_ASYNC_CANCEL_ALL`, Linux 5.19): completes with the number cancelled, or `-ENOENT`.
    package func prepareCancel(fd: CInt, userData: UInt64) throws(SocketError) {
        let sqe = try nextSubmission(opcode: LinuxABI.IORING_OP_ASYNC_CANCEL, fd: fd, userData: userData)
        let flags = UInt32(LinuxABI.IORING_ASYNC_CANCEL_FD | LinuxABI.IORING_ASYNC_CANCEL_ALL)
        sqe.set(u32: flags, at: LinuxABI.offsetof_io_uring_sqe_cancel_flags)
    }

    /// `IORING_OP_CLOSE` of `fd`: completes with 0 or the close's error.
    package func prepareClose(fd: CInt, userData: UInt64) throws(SocketError) {
        _ = try nextSubmission(opcode: LinuxABI.IORING_OP_CLOSE, fd: fd, userData: userData)
    }
}

extension UnsafeMutableRawPointer {
    /// Stores into a submission entry's field at `offset`, OR-ing into what is there for the flag
    /// bytes (the entry starts zeroed).
    fileprivate func set(u8 value: UInt8, at offset: Int) {
        storeBytes(of: load(fromByteOffset: offset, as: UInt8.self) | value, toByteOffset: offset, as: UInt8.self)
    }
    fileprivate func set(u16 value: UInt16, at offset: Int) {
        storeBytes(of: value, toByteOffset: offset, as: UInt16.self)
    }
    fileprivate func set(u32 value: UInt32, at offset: Int) {
        storeBytes(of: value, toByteOffset: offset, as: UInt32.self)
    }
    fileprivate func set(u64 value: UInt64, at offset: Int) {
        storeBytes(of: value, toByteOffset: offset, as: UInt64.self)
    }
    /// The entry's `addr` (a pointer) and `len`.
    fileprivate func set(addr pointer: UnsafeRawPointer?, length: UInt32) {
        set(u64: UInt64(UInt(bitPattern: pointer)), at: LinuxABI.offsetof_io_uring_sqe_addr)
        set(u32: length, at: LinuxABI.offsetof_io_uring_sqe_len)
    }
}
#endif
