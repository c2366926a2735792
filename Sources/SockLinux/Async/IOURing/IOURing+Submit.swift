#if os(Linux)
import CPlatform
import SockPOSIX

extension IOURing {
    /// Takes the next submission entry, zeroed, with its opcode, descriptor and `user_data` set;
    /// the caller fills the rest through `LinuxABI.offsetof_io_uring_sqe_*`. The entry goes to the
    /// kernel on the next ``submit()`` or ``submitAndWait(minComplete:timeout:)``. When the
    /// submission ring is full, what it holds is submitted first.
    /// - Throws: the `SocketError` of that submission (`.ioUringEnter`).
    package func nextSubmission(opcode: CInt, fd: CInt, userData: UInt64) throws(SocketError) -> UnsafeMutableRawPointer
    {
        if sqeTail &- cplatform_load_acquire_u32(sqHead) >= submissionEntries {
            try submit()
            if sqeTail &- cplatform_load_acquire_u32(sqHead) >= submissionEntries {
                // The kernel took nothing (its completion queue is backed up): reap, then retry.
                throw SocketError(errno: LinuxABI.EBUSY, operation: .ioUringEnter)
            }
        }
        let sqe = sqes + Int(sqeTail & sqMask) &* LinuxABI.sizeof_io_uring_sqe
        sqe.initializeMemory(as: UInt8.self, repeating: 0, count: LinuxABI.sizeof_io_uring_sqe)
        sqe.storeBytes(
            of: UInt8(truncatingIfNeeded: opcode),
            toByteOffset: LinuxABI.offsetof_io_uring_sqe_opcode,
            as: UInt8.self
        )
        sqe.storeBytes(of: fd, toByteOffset: LinuxABI.offsetof_io_uring_sqe_fd, as: CInt.self)
        sqe.storeBytes(of: userData, toByteOffset: LinuxABI.offsetof_io_uring_sqe_user_data, as: UInt64.self)
        sqeTail &+= 1
        return sqe
    }

    /// Entries prepared and not yet taken by the kernel.
    package var pendingSubmissions: UInt32 { sqeTail &- cplatform_load_acquire_u32(sqHead) }

    /// Publishes the prepared entries to the kernel (a release store of the ring's tail) and returns
    /// how many it has not taken yet.
    func publishSubmissions() -> UInt32 {
        cplatform_store_release_u32(sqTail, sqeTail)
        return sqeTail &- cplatform_load_acquire_u32(sqHead)
    }

    /// Submits the prepared entries (`io_uring_enter(to_submit)`, no wait) and returns how many the
    /// kernel took. Makes no system call when nothing is pending.
    /// - Throws: `SocketError` of `.ioUringEnter` (EBUSY or EAGAIN: completions are backed up or
    ///   the kernel is short of memory; reap and submit again).
    @discardableResult
    package func submit() throws(SocketError) -> Int {
        let pending = publishSubmissions()
        guard pending > 0 else { return 0 }
        return try Sys.checkEnter { Sys.ioUringEnter(ringFD, pending, 0, 0, nil, 0) }
    }

    /// Submits the prepared entries and waits until at least `minComplete` completions are ready
    /// (`io_uring_enter(to_submit, min_complete, IORING_ENTER_GETEVENTS)`), or `timeout` passes
    /// (a relative `struct __kernel_timespec` passed with `IORING_ENTER_EXT_ARG`, Linux 5.11).
    /// `minComplete: 0` returns at once, after posting completions the kernel deferred
    /// (`IORING_SETUP_DEFER_TASKRUN`). A signal ends the wait early (0 is returned). Read the
    /// completions with ``peekCompletions(_:)``.
    /// - Returns: how many entries the kernel took.
    /// - Throws: `.timedOut` (errno ETIME) when `timeout` passed with fewer than `minComplete`
    ///   completions and nothing was submitted; `.notSupported` for a timeout on a kernel without
    ///   `IORING_FEAT_EXT_ARG`; other `SocketError`s of `.ioUringEnter` as ``submit()``.
    @discardableResult
    package func submitAndWait(minComplete: UInt32 = 1, timeout: Duration? = nil) throws(SocketError) -> Int {
        let pending = publishSubmissions()
        let getEvents = UInt32(LinuxABI.IORING_ENTER_GETEVENTS)
        guard let timeout else {
            return try Sys.checkEnter { Sys.ioUringEnter(ringFD, pending, minComplete, getEvents, nil, 0) }
        }
        guard has(feature: LinuxABI.IORING_FEAT_EXT_ARG) else {
            throw SocketError(.notSupported, errno: LinuxABI.EINVAL, operation: .ioUringEnter)
        }
        let flags = getEvents | UInt32(LinuxABI.IORING_ENTER_EXT_ARG)
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds < 0 ? 0 : attoseconds / 1_000_000_000
        // struct io_uring_getevents_arg (24 bytes) and struct __kernel_timespec (16) on the stack.
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        return try Sys.checkEnter {
            withUnsafeMutableBytes(of: &storage) { raw in
                let arg = raw.baseAddress!
                let ts = arg + 32
                ts.storeBytes(
                    of: max(seconds, 0),
                    toByteOffset: LinuxABI.offsetof___kernel_timespec_tv_sec,
                    as: Int64.self
                )
                ts.storeBytes(
                    of: nanoseconds,
                    toByteOffset: LinuxABI.offsetof___kernel_timespec_tv_nsec,
                    as: Int64.self
                )
                let tsWord = UInt64(UInt(bitPattern: ts))
                arg.storeBytes(of: tsWord, toByteOffset: LinuxABI.offsetof_io_uring_getevents_arg_ts, as: UInt64.self)
                let size = LinuxABI.sizeof_io_uring_getevents_arg
                return Sys.ioUringEnter(ringFD, pending, minComplete, flags, arg, size)
            }
        }
    }
}
#endif
