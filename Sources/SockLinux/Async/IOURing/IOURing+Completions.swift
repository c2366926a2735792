#if os(Linux)
import CPlatform
import SockPOSIX

extension IOURing {
    /// One completion queue entry (`struct io_uring_cqe`), copied out of the ring.
    package struct Completion: Sendable, Hashable {
        /// The `user_data` of the request.
        package var userData: UInt64
        /// `res` as the kernel wrote it: >= 0, or -errno. Read it with ``value(_:)`` or ``errno``.
        package var result: Int32
        /// `IORING_CQE_F_*` flags; the upper 16 bits carry the buffer ID with `IORING_CQE_F_BUFFER`.
        package var flags: UInt32

        package init(userData: UInt64, result: Int32, flags: UInt32) {
            self.userData = userData
            self.result = result
            self.flags = flags
        }

        /// The result as a value (a byte count, a descriptor, ...), or the `SocketError` of `op`
        /// for its errno.
        package func value(_ op: SocketOperation) throws(SocketError) -> Int {
            try Sys.completionValue(result, op)
        }

        /// The result's errno, 0 when the request succeeded.
        package var errno: CInt { Sys.completionErrno(result) }

        /// `IORING_CQE_F_MORE`: a multishot request stays armed and will complete again.
        package var hasMore: Bool { flags & UInt32(LinuxABI.IORING_CQE_F_MORE) != 0 }

        /// The provided buffer the kernel filled (`IORING_CQE_F_BUFFER`: `flags >>
        /// IORING_CQE_BUFFER_SHIFT`); give it back with ``BufferRing/recycle(bufferID:)``.
        package var bufferID: UInt16? {
            guard flags & UInt32(LinuxABI.IORING_CQE_F_BUFFER) != 0 else { return nil }
            return UInt16(truncatingIfNeeded: flags >> UInt32(LinuxABI.IORING_CQE_BUFFER_SHIFT))
        }

        /// `IORING_CQE_F_SOCK_NONEMPTY`: the socket had more data after this receive.
        package var socketHasMoreData: Bool { flags & UInt32(LinuxABI.IORING_CQE_F_SOCK_NONEMPTY) != 0 }
    }

    /// Calls `body` with every completion the kernel has posted, oldest first, and hands their
    /// slots back to the kernel: no system call (an acquire load of the ring's tail, a release
    /// store of its head). Returns how many were read. A completion `body` throws on counts as
    /// read. `body` may prepare new entries; it must not call this method again.
    ///
    /// With `IORING_SETUP_DEFER_TASKRUN` the kernel posts completions only while this thread is in
    /// ``submitAndWait(minComplete:timeout:)``.
    @discardableResult
    package func peekCompletions<E: Error>(_ body: (Completion) throws(E) -> Void) throws(E) -> Int {
        let start = cqHead.load(as: UInt32.self)  // written only by this process
        let tail = cplatform_load_acquire_u32(cqTail)
        var head = start
        defer { if head != start { cplatform_store_release_u32(cqHead, head) } }
        while head != tail {
            let cqe = cqes + Int(head & cqMask) &* LinuxABI.sizeof_io_uring_cqe
            let completion = Completion(
                userData: cqe.load(fromByteOffset: LinuxABI.offsetof_io_uring_cqe_user_data, as: UInt64.self),
                result: cqe.load(fromByteOffset: LinuxABI.offsetof_io_uring_cqe_res, as: Int32.self),
                flags: cqe.load(fromByteOffset: LinuxABI.offsetof_io_uring_cqe_flags, as: UInt32.self)
            )
            head &+= 1
            try body(completion)
        }
        return Int(head &- start)
    }

    /// Completions posted and not yet read.
    package var readyCompletions: UInt32 {
        cplatform_load_acquire_u32(cqTail) &- cqHead.load(as: UInt32.self)
    }

    /// The submission ring's `IORING_SQ_*` flags: `IORING_SQ_CQ_OVERFLOW` (completions wait in
    /// the kernel for room: reap, then enter with ``submitAndWait(minComplete:timeout:)``),
    /// `IORING_SQ_TASKRUN` (with `COOP_TASKRUN`: completions wait to be posted by an enter).
    package var submissionRingFlags: UInt32 { cplatform_load_relaxed_u32(sqFlags) }
}
#endif
