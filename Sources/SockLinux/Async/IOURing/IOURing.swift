#if os(Linux)
import CPlatform
import SockPOSIX

/// A raw io_uring instance over the kernel ABI (no liburing): the submission and completion rings
/// mapped into the process, entries prepared and completions read through the generated table's
/// offsets (`LinuxABI.offsetof_io_uring_sqe_*`, ...). Linux-only; package-internal: the event loop
/// sits on it.
///
/// A `final class` rather than a noncopyable struct: the loop and its buffer rings refer to one
/// ring, and a class gives that one identity, a `deinit` that unmaps and closes, and plain closures
/// in tests, at the price of one allocation when it is created. Nothing allocates afterwards:
/// preparing entries, submitting and reaping completions touch only the mapped rings and the stack.
///
/// Not thread-safe, and bound to the thread that creates it: with `IORING_SETUP_SINGLE_ISSUER`
/// (the default when the kernel has it) only that thread may submit, and with
/// `IORING_SETUP_DEFER_TASKRUN` completions are posted only when that thread enters the kernel to
/// wait (``submitAndWait(minComplete:timeout:)``; `minComplete: 0` posts them without blocking).
///
/// ```swift
/// let ring = try IOURing(entries: 256)
/// try ring.prepareNop(userData: 1)
/// try ring.submitAndWait(minComplete: 1)
/// ring.peekCompletions { completion in print(completion.userData, completion.result) }
/// ```
package final class IOURing {
    /// The ring's descriptor.
    package let ringFD: CInt
    /// The `IORING_SETUP_*` flags the ring was created with (after any fallback, see
    /// ``init(entries:flags:)``).
    package let setupFlags: UInt32
    /// The `IORING_FEAT_*` flags the kernel reported.
    package let features: UInt32
    /// Submission queue entries (a power of two, at least the `entries` asked for).
    package let submissionEntries: UInt32
    /// Completion queue entries (twice the submission entries).
    package let completionEntries: UInt32

    // The submission ring: the kernel advances `head`, this process `tail`.
    let sqHead: UnsafeMutableRawPointer
    let sqTail: UnsafeMutableRawPointer
    let sqFlags: UnsafeMutableRawPointer
    let sqMask: UInt32
    let sqes: UnsafeMutableRawPointer
    // The completion ring: the kernel advances `tail`, this process `head`.
    let cqHead: UnsafeMutableRawPointer
    let cqTail: UnsafeMutableRawPointer
    let cqMask: UInt32
    let cqes: UnsafeMutableRawPointer

    /// The next submission slot to fill; published to the kernel (`*sqTail`) on submit.
    var sqeTail: UInt32
    /// The mappings to undo on close (the SQ ring, the CQ ring unless shared, the SQE array).
    let mappings: Mappings
    /// Registered provided-buffer rings: their group and memory, unregistered on close.
    var bufferRings: [(group: UInt16, memory: UnsafeMutableRawPointer, length: Int)] = []
    var isClosed = false

    /// The flags tried by default, newest kernel first; on EINVAL the next set is tried.
    /// - Linux 6.1: `SINGLE_ISSUER | DEFER_TASKRUN` (completions run on this thread when it waits,
    ///   never as interrupting task work) and `SUBMIT_ALL` (a failing entry does not stop the
    ///   batch: it gets its own completion);
    /// - 6.0: `SINGLE_ISSUER | COOP_TASKRUN`; 5.19: `COOP_TASKRUN` (no IPI to run task work);
    ///   5.18: `SUBMIT_ALL`; anything older: no flags.
    package static var defaultFlagLadder: [UInt32] {
        let submitAll = UInt32(LinuxABI.IORING_SETUP_SUBMIT_ALL)
        let coop = UInt32(LinuxABI.IORING_SETUP_COOP_TASKRUN)
        let single = UInt32(LinuxABI.IORING_SETUP_SINGLE_ISSUER)
        let deferred = UInt32(LinuxABI.IORING_SETUP_DEFER_TASKRUN)
        return [submitAll | single | deferred, submitAll | single | coop, submitAll | coop, submitAll, 0]
    }

    /// Creates a ring with at least `entries` submission slots (`io_uring_setup`), and maps its
    /// submission ring, completion ring (one mapping with `IORING_FEAT_SINGLE_MMAP`) and entry
    /// array. With `flags` nil it tries ``defaultFlagLadder`` and keeps the first set the kernel
    /// accepts; explicit `flags` are used as given.
    /// - Throws: `SocketError` of `.ioUringSetup` (`.notSupported` for ENOSYS, `.permissionDenied`
    ///   when io_uring is disabled or filtered, `.noMemory`, `.invalidArgument`) or `.mmap`. See
    ///   ``probe()`` for a printable reason.
    package init(entries: UInt32 = 256, flags: UInt32? = nil) throws(SocketError) {
        let ladder = flags.map { [$0] } ?? Self.defaultFlagLadder
        var params = Params()
        var fd: CInt = -1
        for (i, candidate) in ladder.enumerated() {
            do {
                fd = try Sys.descriptor(.ioUringSetup) { params.setup(entries: entries, flags: candidate) }
                break
            } catch let error where error.errno == LinuxABI.EINVAL && i + 1 < ladder.count {
                continue
            }
        }
        let ringFD = fd
        let mappings: Mappings
        do {
            mappings = try Mappings(ringFD: ringFD, params: params)
        } catch {
            _ = Sys.close(ringFD)
            throw error
        }
        self.ringFD = ringFD
        self.mappings = mappings
        setupFlags = params.u32(LinuxABI.offsetof_io_uring_params_flags)
        features = params.u32(LinuxABI.offsetof_io_uring_params_features)
        submissionEntries = params.u32(LinuxABI.offsetof_io_uring_params_sq_entries)
        completionEntries = params.u32(LinuxABI.offsetof_io_uring_params_cq_entries)

        let sq = mappings.sqRing
        let cq = mappings.cqRing ?? mappings.sqRing
        func sqOffset(_ field: Int) -> Int {
            Int(params.u32(LinuxABI.offsetof_io_uring_params_sq_off + field))
        }
        func cqOffset(_ field: Int) -> Int {
            Int(params.u32(LinuxABI.offsetof_io_uring_params_cq_off + field))
        }
        sqHead = sq.address + sqOffset(LinuxABI.offsetof_io_sqring_offsets_head)
        sqTail = sq.address + sqOffset(LinuxABI.offsetof_io_sqring_offsets_tail)
        sqFlags = sq.address + sqOffset(LinuxABI.offsetof_io_sqring_offsets_flags)
        sqMask = sq.address.load(
            fromByteOffset: sqOffset(LinuxABI.offsetof_io_sqring_offsets_ring_mask),
            as: UInt32.self
        )
        sqes = mappings.sqes.address
        cqHead = cq.address + cqOffset(LinuxABI.offsetof_io_cqring_offsets_head)
        cqTail = cq.address + cqOffset(LinuxABI.offsetof_io_cqring_offsets_tail)
        cqMask = cq.address.load(
            fromByteOffset: cqOffset(LinuxABI.offsetof_io_cqring_offsets_ring_mask),
            as: UInt32.self
        )
        cqes = cq.address + cqOffset(LinuxABI.offsetof_io_cqring_offsets_cqes)
        sqeTail = sqTail.load(as: UInt32.self)

        // The indirection array (absent with IORING_SETUP_NO_SQARRAY, which is never asked for):
        // slot i names entry i, once and for all.
        if setupFlags & UInt32(truncatingIfNeeded: LinuxABI.IORING_SETUP_NO_SQARRAY) == 0 {
            let array = sq.address + sqOffset(LinuxABI.offsetof_io_sqring_offsets_array)
            for i in 0..<submissionEntries {
                array.storeBytes(of: i, toByteOffset: Int(i) &* 4, as: UInt32.self)
            }
        }
    }

    deinit { close() }

    /// Unregisters the buffer rings, unmaps the rings and closes the descriptor; the kernel
    /// cancels whatever is still in flight. Safe to call more than once.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        for ring in bufferRings { releaseBufferRing(ring) }
        bufferRings = []
        mappings.unmap()
        _ = Sys.close(ringFD)
    }

    /// Whether the kernel has `feature` (an `IORING_FEAT_*` value).
    package func has(feature: CInt) -> Bool { features & UInt32(truncatingIfNeeded: feature) != 0 }
}

extension IOURing {
    /// `struct io_uring_params` in a stack buffer, laid out by the table (120 bytes on Linux 6.12;
    /// the buffer has room for 128).
    struct Params {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var more: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)

        /// Zeroes the record, sets `flags` and calls `io_uring_setup` (the raw result).
        mutating func setup(entries: UInt32, flags: UInt32) -> Int {
            withUnsafeMutableBytes(of: &self) { raw in
                precondition(raw.count >= LinuxABI.sizeof_io_uring_params)
                raw.initializeMemory(as: UInt8.self, repeating: 0)
                raw.storeBytes(of: flags, toByteOffset: LinuxABI.offsetof_io_uring_params_flags, as: UInt32.self)
                return Sys.ioUringSetup(entries, raw.baseAddress!)
            }
        }

        /// The 32-bit field at `offset`.
        func u32(_ offset: Int) -> UInt32 {
            withUnsafeBytes(of: self) { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
        }
    }

    /// The ring's three mappings (`MAP_SHARED | MAP_POPULATE` of the ring descriptor at
    /// `IORING_OFF_SQ_RING`, `IORING_OFF_CQ_RING` and `IORING_OFF_SQES`).
    struct Mappings {
        var sqRing: (address: UnsafeMutableRawPointer, length: Int)
        /// nil when the kernel maps both rings at once (`IORING_FEAT_SINGLE_MMAP`, Linux 5.4).
        var cqRing: (address: UnsafeMutableRawPointer, length: Int)?
        var sqes: (address: UnsafeMutableRawPointer, length: Int)

        init(ringFD: CInt, params: Params) throws(SocketError) {
            let sqEntries = Int(params.u32(LinuxABI.offsetof_io_uring_params_sq_entries))
            let cqEntries = Int(params.u32(LinuxABI.offsetof_io_uring_params_cq_entries))
            let features = params.u32(LinuxABI.offsetof_io_uring_params_features)
            let sqArray = Int(
                params.u32(LinuxABI.offsetof_io_uring_params_sq_off + LinuxABI.offsetof_io_sqring_offsets_array)
            )
            let cqArray = Int(
                params.u32(LinuxABI.offsetof_io_uring_params_cq_off + LinuxABI.offsetof_io_cqring_offsets_cqes)
            )
            var sqLength = sqArray + sqEntries * 4
            let cqLength = cqArray + cqEntries * LinuxABI.sizeof_io_uring_cqe
            let single = features & UInt32(truncatingIfNeeded: LinuxABI.IORING_FEAT_SINGLE_MMAP) != 0
            if single { sqLength = max(sqLength, cqLength) }

            let sq = try Self.map(ringFD, sqLength, Int(LinuxABI.IORING_OFF_SQ_RING))
            var cq: UnsafeMutableRawPointer?
            do {
                if !single { cq = try Self.map(ringFD, cqLength, Int(LinuxABI.IORING_OFF_CQ_RING)) }
                let sqesLength = sqEntries * LinuxABI.sizeof_io_uring_sqe
                sqes = (try Self.map(ringFD, sqesLength, Int(LinuxABI.IORING_OFF_SQES)), sqesLength)
            } catch {
                _ = Sys.munmap(sq, sqLength)
                if let cq { _ = Sys.munmap(cq, cqLength) }
                throw error
            }
            sqRing = (sq, sqLength)
            cqRing = cq.map { ($0, cqLength) }
        }

        static func map(_ fd: CInt, _ length: Int, _ offset: Int) throws(SocketError) -> UnsafeMutableRawPointer {
            let prot = LinuxABI.PROT_READ | LinuxABI.PROT_WRITE
            let flags = LinuxABI.MAP_SHARED | LinuxABI.MAP_POPULATE
            let address = try Sys.check(.mmap) { Sys.mmap(length, prot, flags, fd, offset) }
            return UnsafeMutableRawPointer(bitPattern: address)!
        }

        func unmap() {
            _ = Sys.munmap(sqes.address, sqes.length)
            if let cq = cqRing { _ = Sys.munmap(cq.address, cq.length) }
            _ = Sys.munmap(sqRing.address, sqRing.length)
        }
    }
}
#endif
