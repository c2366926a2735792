import CPlatform
import SockPOSIX

// The io_uring backend of ``EventLoop``.
//
// Byte-stream sockets (TCP, Unix stream) read and write through the ring:
// - a read arms one multishot receive over the loop's provided-buffer ring; each completion
//   queues a buffer on the socket's registration, and reads copy out of it (a task cancelled
//   while it waits has taken nothing: the data stays queued);
// - a write copies the bytes into the loop's send arena and prepares one send per socket and turn
//   (a second write in the turn extends it), with `MSG_DONTWAIT | MSG_WAITALL` and
//   `IOSQE_CQE_SKIP_SUCCESS`, and returns: the arena plays the part of the socket's send buffer
//   until the turn's `io_uring_enter`. The kernel issues such a send inline during that call and
//   never parks it (`MSG_DONTWAIT`), so when the call returns every send is over: a failure, a
//   short send (`MSG_WAITALL` makes one fail with the count sent) or EAGAIN posted a completion,
//   and no completion means every byte went. Bytes a full socket buffer refused move to the
//   socket's backlog, sent when a one-shot `POLLOUT` poll fires (writes queue behind them, and
//   wait once 256 KiB are queued); an error is reported by the socket's next write. `close()` and
//   `shutdown()` let the loop submit first, and a socket closed with a backlog keeps a duplicate
//   of its descriptor until the backlog is sent (as the kernel lingers on its own send buffer).
// Everything else (accept, datagrams, messages, the error queue, `perform`) waits for readiness
// on the loop's epoll set, whose descriptor the ring polls (multishot): a socket joins the epoll
// set on its first readiness wait only.
//
// One `io_uring_enter` per turn submits what the turn prepared, runs the deferred completions
// (`IORING_SETUP_DEFER_TASKRUN`) and, when nothing is runnable, waits.
//
// The kernel never holds a pointer: `user_data` is a tag with the registration's generation and
// descriptor number (checked against the loop's table like epoll's data word), or the index of
// a send in the turn's list, which holds its socket until the send is over.

extension EventLoop {
    /// The io_uring backend's state (loop thread only).
    struct RingState {
        let ring: IOURing
        /// `ring` for the per-turn calls: a strong reference loaded through the state pointer
        /// costs a retain and a release per call (``withRing(_:)``).
        let ringHandle: Unmanaged<IOURing>
        let buffers: IOURing.BufferRing
        /// Buffers the kernel filled that are not recycled yet.
        var buffersOut = 0
        /// Registrations whose multishot receive ended with ENOBUFS: re-armed when buffers return.
        var starved: ContiguousArray<Registration> = []
        /// The sends prepared this turn (a send's `user_data` is its index here).
        var staged = TrivialList<StagedSend>(capacity: 256)
        /// The staged sends being ended (``endStagedSends(_:)``), capacity kept.
        var ended = TrivialList<StagedSend>(capacity: 256)
        /// The send arena: the bytes of this turn's sends.
        let arena: UnsafeMutableRawPointer
        var arenaUsed = 0
        /// Closed registrations still sending their backlog through a duplicate descriptor.
        var draining: ContiguousArray<Registration> = []
        /// Entries prepared since the last `io_uring_enter`.
        var prepared = false
        /// The multishot poll of the epoll descriptor is armed; it fired since the last harvest.
        var epollArmed = false
        var epollSignaled = false
    }

    /// Runs `body` with the ring of `r`, unretained (`ring` holds it while the state exists).
    @inline(__always)
    func withRing<T>(_ r: UnsafeMutablePointer<RingState>, _ body: (IOURing) -> T) -> T {
        r.pointee.ringHandle._withUnsafeGuaranteedRef(body)
    }

    /// A send prepared this turn: its registration and socket (held until the send is over, so
    /// the descriptor number cannot be reused meanwhile), its bytes in the arena, and its entry
    /// (extended while it is not submitted).
    /// A trivial type (no reference counting when the array moves it): `socket` is retained by
    /// ``EventLoop/stage(_:_:_:_:)`` and released when the send is over (``reapCompletions(_:)``,
    /// ``releaseRing()``), so the descriptor number stays the socket's until the send is
    /// submitted; `registration` is unretained (the socket holds it).
    struct StagedSend {
        let registration: Unmanaged<Registration>
        let socket: Unmanaged<NetSocket>
        let offset: Int
        var length: Int
        let entry: UnsafeMutableRawPointer
    }

    /// What a `user_data` word names (its top 4 bits).
    enum RingTag: UInt64 {
        case receive = 1
        case send = 2
        case pollOut = 3
        case epoll = 4
        case cancel = 5
        case hangUp = 6
    }

    /// The provided buffers: 1,024 of 2 KiB (2 MiB, mapped once per loop).
    static let ringBufferCount = 1024
    static let ringBufferSize = 2048
    /// The send arena (256 KiB): a turn's writes beyond it submit what is staged first.
    static let arenaSize = 256 * 1024
    /// Bytes a socket's backlog holds before its writers wait.
    static let backlogLimit = 256 * 1024

    /// Creates the ring (on the loop's thread: `SINGLE_ISSUER` binds it to its creator) and its
    /// buffer ring. Throws what `IOURing` throws.
    func makeRing() throws(SocketError) -> UnsafeMutablePointer<RingState> {
        let ring = try IOURing(entries: 512)
        let single = UInt32(truncatingIfNeeded: LinuxABI.IORING_SETUP_SINGLE_ISSUER)
        guard ring.setupFlags & single != 0, ring.has(feature: LinuxABI.IORING_FEAT_CQE_SKIP),
            ring.has(feature: LinuxABI.IORING_FEAT_EXT_ARG)
        else {
            ring.close()
            throw SocketError(.notSupported, errno: LinuxABI.EINVAL, operation: .ioUringSetup)
        }
        let buffers = try ring.registerBufferRing(group: 0, count: Self.ringBufferCount, size: Self.ringBufferSize)
        let arena = UnsafeMutableRawPointer.allocate(byteCount: Self.arenaSize, alignment: 64)
        let state = UnsafeMutablePointer<RingState>.allocate(capacity: 1)
        state.initialize(to: RingState(ring: ring, ringHandle: .passUnretained(ring), buffers: buffers, arena: arena))
        state.pointee.starved.reserveCapacity(64)
        return state
    }

    func releaseRing() {
        guard let state = local.pointee.ring else { return }
        local.pointee.ring = nil
        state.pointee.ring.close()
        // Sends staged and never submitted: their sockets' references.
        state.pointee.staged.forEach { $0.socket.release() }
        state.pointee.staged.deallocate()
        state.pointee.ended.deallocate()
        // The loop stops: backlogs of closed sockets are dropped with their duplicates.
        for registration in state.pointee.draining { registration.closeDrainDescriptor() }
        state.pointee.arena.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    static func token(_ tag: RingTag, _ registration: Registration) -> UInt64 {
        tag.rawValue << 60 | UInt64(registration.generation & 0x0FFF_FFFF) << 32
            | UInt64(UInt32(bitPattern: registration.fd))
    }

    /// Calls `body` with the open registration a `user_data` word names (nil when it is no
    /// longer in the table), unretained: the table holds it, and handling a completion does not
    /// remove it.
    @inline(__always)
    private func withRegistration(token: UInt64, _ body: (Registration) -> Void) -> Bool {
        let fd = Int(UInt32(truncatingIfNeeded: token))
        guard let held = local.pointee.table[fd] else { return false }
        // Non-optional all the way: wrapping the guaranteed reference in an Optional would copy
        // (retain) it.
        return held._withUnsafeGuaranteedRef { registration in
            guard registration.generation & 0x0FFF_FFFF == UInt32(truncatingIfNeeded: token >> 32) & 0x0FFF_FFFF,
                !registration.isClosed
            else { return false }
            body(registration)
            return true
        }
    }

    /// The open registration a `user_data` word names, if it is still in the table.
    private func registration(token: UInt64) -> Registration? {
        let fd = Int(UInt32(truncatingIfNeeded: token))
        guard let registration = local.pointee.table[fd]?.takeUnretainedValue(),
            registration.generation & 0x0FFF_FFFF == UInt32(truncatingIfNeeded: token >> 32) & 0x0FFF_FFFF,
            !registration.isClosed
        else { return nil }
        return registration
    }

    // MARK: - The turn

    /// The io_uring form of ``poll(blocking:ring:)``: one `io_uring_enter` that submits the turn's
    /// entries, runs the deferred completions and, when `blocking` and no writer waits for the
    /// submission, waits for one (or the next timer, or 5 ms when tasks wait: the sweep).
    func ringPoll(blocking: Bool, _ r: UnsafeMutablePointer<RingState>) {
        let ring = r.pointee.ring
        if !r.pointee.epollArmed {
            let events = UInt32(truncatingIfNeeded: LinuxABI.POLLIN)
            if (try? ring.preparePoll(
                fd: poller,
                events: events,
                multishot: true,
                userData: RingTag.epoll.rawValue << 60
            ))
                != nil
            {
                r.pointee.epollArmed = true
            }
        }
        var timeout: CInt = 0
        if blocking, r.pointee.staged.isEmpty {
            timeout = timeoutMilliseconds()
            if local.pointee.waiting > 0, timeout < 0 || timeout > 5 { timeout = 5 }
            if timeout != 0 {
                sleeping.store(true, ordering: .sequentiallyConsistent)
                if pending.load(ordering: .sequentiallyConsistent) { timeout = 0 }
            }
        }
        r.pointee.prepared = false
        do {
            if timeout == 0 {
                try ring.submitAndWait(minComplete: 0)
            } else if timeout < 0 {
                try ring.submitAndWait(minComplete: 1)
            } else {
                try ring.submitAndWait(minComplete: 1, timeout: .milliseconds(Int64(timeout)))
            }
        } catch  where error.code == .timedOut {
            // The timeout passed with nothing complete.
        } catch  where error.errno == LinuxABI.EBUSY || error.errno == LinuxABI.EAGAIN {
            // Completions are backed up: reap them below, submit on the next turn.
            r.pointee.prepared = true
        } catch {
            fatalError("Sock EventLoop: io_uring_enter failed: \(error)")
        }
        if timeout != 0 { sleeping.store(false, ordering: .relaxed) }
        let count = reapCompletions(r)
        if r.pointee.epollSignaled {
            r.pointee.epollSignaled = false
            while epollHarvest(timeout: 0) == eventCapacity {}
        }
        if !local.pointee.timers.isEmpty { fireTimers() }
        if count == 0, timeout > 0 { sweepCancelled() }
    }

    /// Submits what is prepared now (no wait) and reaps: for a close or shutdown that must not
    /// overtake a staged send, and for a write that finds the arena full.
    func flushRing(_ r: UnsafeMutablePointer<RingState>) {
        r.pointee.prepared = false
        let submitted = withRing(r) { ring in
            Result { () throws(SocketError) in try ring.submitAndWait(minComplete: 0) }
        }
        if case .failure = submitted { r.pointee.prepared = true }
        _ = reapCompletions(r)
    }

    /// Handles every posted completion; once every staged send was submitted (and so is over: a
    /// failure posted its completion above), empties the arena.
    @discardableResult
    private func reapCompletions(_ r: UnsafeMutablePointer<RingState>) -> Int {
        var count = withRing(r) { ring in ring.peekCompletions { completion in handle(completion, r) } }
        if !r.pointee.staged.isEmpty {
            // The enter takes every entry unless the completion queue is backed up: reap, retry.
            var tries = 0
            while withRing(r, { $0.pendingSubmissions }) > 0, tries < 64 {
                _ = try? r.pointee.ring.submitAndWait(minComplete: 0)
                count += r.pointee.ring.peekCompletions { completion in handle(completion, r) }
                tries += 1
            }
            guard withRing(r, { $0.pendingSubmissions }) == 0 else {
                fatalError("Sock EventLoop: io_uring does not take the loop's sends")
            }
            endStagedSends(r)
            r.pointee.arenaUsed = 0
        }
        return count
    }

    /// The turn's staged sends are over: their sockets are released, the list emptied.
    /// The list is swapped out first: releasing a socket may deinitialize it, and its close
    /// flushes the ring (which must find no staged send).
    private func endStagedSends(_ r: UnsafeMutablePointer<RingState>) {
        swap(&r.pointee.staged, &r.pointee.ended)
        r.pointee.ended.forEach { send in
            send.registration._withUnsafeGuaranteedRef { $0.state.pointee.stagedIndex = -1 }
        }
        r.pointee.ended.forEach { $0.socket.release() }
        r.pointee.ended.removeAll()
    }

    private func handle(_ completion: IOURing.Completion, _ r: UnsafeMutablePointer<RingState>) {
        guard let tag = RingTag(rawValue: completion.userData >> 60) else { return }
        switch tag {
        case .receive:
            let found = withRegistration(token: completion.userData) { received(completion, $0, r) }
            if !found, let id = completion.bufferID {
                // For a socket closed meanwhile: the buffer goes back.
                r.pointee.buffersOut += 1
                recycle(id, r)
            }
        case .send:
            // Only failures and short sends complete (skip-success): the count sent, or -errno.
            let index = Int(truncatingIfNeeded: completion.userData & 0xFFFF_FFFF)
            guard index < r.pointee.staged.count else { return }
            let send = r.pointee.staged[index]
            sendFailed(send, completion, r)
        case .pollOut:
            let registration =
                registration(token: completion.userData)
                ?? r.pointee.draining.first { Self.token(.pollOut, $0) == completion.userData }
            guard let registration else { return }
            registration.state.pointee.pollOutArmed = false
            drainBacklog(registration, r)
        case .hangUp:
            _ = withRegistration(token: completion.userData) { registration in
                registration.state.pointee.hangUpArmed = false
                guard completion.errno == 0 else { return }
                // The peer ended its side (or the socket failed): a waiting reader with nothing
                // received looks at the socket itself (ringRead).
                registration.state.pointee.readHungUp = true
                registration.resume(.read, .ready)
            }
        case .epoll:
            r.pointee.epollSignaled = true
            if !completion.hasMore { r.pointee.epollArmed = false }
        case .cancel:
            break
        }
    }

    /// A completion of a multishot receive: its buffer (or its end) queues on the registration,
    /// and a waiting reader resumes.
    @inline(__always)
    private func received(
        _ completion: IOURing.Completion,
        _ registration: Registration,
        _ r: UnsafeMutablePointer<RingState>
    ) {
        if let id = completion.bufferID {
            r.pointee.buffersOut += 1
            let length = UInt64(UInt32(truncatingIfNeeded: completion.result))
            registration.state.pointee.received.append(UInt64(id) << 32 | length)
        } else {
            let errno = completion.errno
            if errno == LinuxABI.ENOBUFS {
                registration.state.pointee.recvArmed = false
                if r.pointee.buffersOut < r.pointee.buffers.count {
                    rearm(registration, r)
                } else {
                    r.pointee.starved.append(registration)
                }
            } else if errno != LinuxABI.ECANCELED {
                // The end of the stream (0) or an error (-errno): the last entry.
                let word = Registration.endMark | UInt64(UInt32(bitPattern: completion.result))
                registration.state.pointee.received.append(word)
            }
        }
        if !completion.hasMore { registration.state.pointee.recvArmed = false }
        if registration.hasReceived { registration.resume(.read, .ready) }
    }

    /// A staged send that did not send everything: the rest goes to the socket's backlog (EAGAIN,
    /// a short send, or EBADF on a socket closed meanwhile, which its duplicate descriptor sends);
    /// another error is kept for the socket's next write.
    private func sendFailed(_ send: StagedSend, _ completion: IOURing.Completion, _ r: UnsafeMutablePointer<RingState>)
    {
        let registration = send.registration.takeUnretainedValue()
        let state = registration.state
        let errno = completion.errno
        let sent = errno == 0 ? (try? completion.value(.write)) ?? 0 : 0
        let retry =
            errno == 0 || errno == LinuxABI.EAGAIN
            || (state.pointee.drainFD >= 0 && errno == LinuxABI.EBADF)
        guard retry, sent < send.length else {
            if errno != 0 { registration.failSends(errno) }
            return
        }
        let rest = UnsafeRawBufferPointer(start: r.pointee.arena + send.offset + sent, count: send.length - sent)
        // Ahead of anything queued meanwhile: those bytes were written after these.
        state.pointee.backlog.insert(contentsOf: rest, at: state.pointee.backlogHead)
        if !state.pointee.pollOutArmed { try? registration.armPollOut() }
    }

    /// Sends what the backlog holds (the socket's buffer has room); re-arms the poll when it fills
    /// again. An emptied backlog carries out a shutdown or close that waited for it.
    func drainBacklog(_ registration: Registration, _ r: UnsafeMutablePointer<RingState>) {
        let state = registration.state
        let fd = state.pointee.drainFD >= 0 ? state.pointee.drainFD : registration.fd
        while state.pointee.backlogHead < state.pointee.backlog.count {
            let head = state.pointee.backlogHead
            let sent = state.pointee.backlog.withUnsafeBytes { bytes in
                Result { () throws(SocketError) -> Int in
                    try Sys.check(.write) {
                        Sys.send(fd, bytes.baseAddress! + head, bytes.count - head, LinuxABI.MSG_DONTWAIT)
                    }
                }
            }
            switch sent {
            case .success(let n):
                state.pointee.backlogHead += n
                continue
            case .failure(let error) where error.code == .wouldBlock:
                try? registration.armPollOut()
            case .failure(let error):
                registration.failSends(error.errno)
            }
            break
        }
        if state.pointee.backlogHead == state.pointee.backlog.count {
            state.pointee.backlog.removeAll(keepingCapacity: state.pointee.drainFD < 0)
            state.pointee.backlogHead = 0
            registration.backlogDrained()
            if state.pointee.drainFD >= 0 {
                registration.closeDrainDescriptor()
                if let i = r.pointee.draining.firstIndex(where: { $0 === registration }) {
                    r.pointee.draining.remove(at: i)
                }
            }
        }
        // A writer waits for room in the backlog.
        if state.pointee.backlog.count - state.pointee.backlogHead < Self.backlogLimit {
            registration.resume(.write, .ready)
        }
    }

    /// Stages a send of `buffer` (as much as the arena takes) for `registration`; returns how many
    /// bytes it took, or -1 when a flush it needed queued bytes of the socket's earlier send in its
    /// backlog or failed it (the caller queues behind them or reports the error). Loop thread, ring
    /// mode.
    func stage(
        _ registration: Registration,
        _ socket: NetSocket,
        _ buffer: UnsafeRawBufferPointer,
        _ r: UnsafeMutablePointer<RingState>
    ) throws(SocketError) -> Int {
        var index = registration.state.pointee.stagedIndex
        if index >= 0 {
            // A second write this turn: extend the staged send when its bytes end the arena.
            let send = r.pointee.staged[index]
            if send.offset + send.length != r.pointee.arenaUsed || r.pointee.arenaUsed == Self.arenaSize {
                flushRing(r)
                index = -1
            }
        } else if Self.arenaSize - r.pointee.arenaUsed < min(buffer.count, Self.arenaSize / 4) {
            flushRing(r)
        }
        // A flush may have left part of this socket's earlier send in its backlog (or failed it):
        // these bytes go behind it, through the caller's slow path.
        let state = registration.state
        guard state.pointee.backlogHead == state.pointee.backlog.count, state.pointee.sendErrno == 0 else {
            return -1
        }
        let count = min(buffer.count, Self.arenaSize - r.pointee.arenaUsed)
        let offset = r.pointee.arenaUsed
        (r.pointee.arena + offset).copyMemory(from: buffer.baseAddress!, byteCount: count)
        r.pointee.arenaUsed = offset + count
        if index >= 0 {
            r.pointee.staged[index].length += count
            IOURing.setLength(
                of: r.pointee.staged[index].entry,
                UInt32(truncatingIfNeeded: r.pointee.staged[index].length)
            )
            return count
        }
        let fd = registration.fd
        let bytes = UnsafeRawBufferPointer(start: r.pointee.arena + offset, count: count)
        let userData = RingTag.send.rawValue << 60 | UInt64(r.pointee.staged.count)
        let entry = try withRing(r) { ring in
            Result { () throws(SocketError) in
                try ring.prepareSendEntry(
                    fd: fd,
                    bytes,
                    flags: LinuxABI.MSG_DONTWAIT | LinuxABI.MSG_WAITALL,
                    skipSuccess: true,
                    userData: userData
                )
            }
        }.get()
        registration.state.pointee.stagedIndex = r.pointee.staged.count
        r.pointee.staged.append(
            StagedSend(
                registration: .passUnretained(registration),
                socket: .passRetained(socket),
                offset: offset,
                length: count,
                entry: entry
            )
        )
        r.pointee.prepared = true
        return count
    }

    /// Hands buffer `id` back to the kernel and re-arms receives that ran out of buffers.
    func recycle(_ id: UInt16, _ r: UnsafeMutablePointer<RingState>) {
        r.pointee.buffers.recycle(bufferID: id)
        r.pointee.buffersOut -= 1
        if _slowPath(!r.pointee.starved.isEmpty) {
            let starved = r.pointee.starved
            r.pointee.starved.removeAll(keepingCapacity: true)
            for registration in starved where !registration.isClosed { rearm(registration, r) }
        }
    }

    private func rearm(_ registration: Registration, _ r: UnsafeMutablePointer<RingState>) {
        // Only when a reader waits: otherwise the next read arms it.
        guard registration.state.pointee.reader != nil, !registration.state.pointee.recvArmed else { return }
        try? registration.armReceive()
    }

    /// A closed registration's ring work: its armed receive and `POLLOUT` poll are cancelled
    /// (an armed request holds a reference to the socket's file, which would keep the connection
    /// open), and its queued buffers go back to the kernel.
    func retireRing(_ registration: Registration, _ r: UnsafeMutablePointer<RingState>) {
        let state = registration.state
        if state.pointee.recvArmed {
            state.pointee.recvArmed = false
            try? r.pointee.ring.prepareCancel(
                matching: Self.token(.receive, registration),
                all: true,
                userData: RingTag.cancel.rawValue << 60
            )
            r.pointee.prepared = true
        }
        if state.pointee.hangUpArmed {
            state.pointee.hangUpArmed = false
            try? r.pointee.ring.prepareCancel(
                matching: Self.token(.hangUp, registration),
                userData: RingTag.cancel.rawValue << 60
            )
            r.pointee.prepared = true
        }
        let draining =
            state.pointee.drainFD >= 0
            && (state.pointee.backlogHead < state.pointee.backlog.count || state.pointee.stagedIndex >= 0)
        if state.pointee.pollOutArmed, !draining {
            state.pointee.pollOutArmed = false
            try? r.pointee.ring.prepareCancel(
                matching: Self.token(.pollOut, registration),
                userData: RingTag.cancel.rawValue << 60
            )
            r.pointee.prepared = true
        }
        if draining {
            // Closed with bytes still to send: the duplicate sends them, then closes.
            r.pointee.draining.append(registration)
            if !state.pointee.pollOutArmed { try? registration.armPollOut() }
        } else {
            registration.closeDrainDescriptor()
        }
        while !state.pointee.received.isEmpty {
            let word = state.pointee.received.first
            if word & Registration.endMark == 0 { recycle(UInt16(truncatingIfNeeded: word >> 32), r) }
            state.pointee.received.removeFirst()
        }
        state.pointee.received.removeAll()
        state.pointee.receivedOffset = 0
    }
}

// MARK: - The registration's side

extension Registration {
    /// Set on a `received` word that ends the receive: its low 32 bits are the result.
    @usableFromInline static let endMark: UInt64 = 1 << 63

    @usableFromInline
    var hasReceived: Bool { !state.pointee.received.isEmpty }

    /// Whether a readiness-based receive would race the ring's: a receive is armed or delivered
    /// data no read took yet.
    @usableFromInline
    var receivesThroughRing: Bool { state.pointee.recvArmed || hasReceived }

    /// Arms the multishot receive (submitted with the turn).
    @usableFromInline
    func armReceive() throws(SocketError) {
        guard let r = loop.local.pointee.ring else { return }
        try r.pointee.ring.prepareReceive(
            fd: fd,
            bufferGroup: r.pointee.buffers.group,
            multishot: true,
            userData: EventLoop.token(.receive, self)
        )
        state.pointee.recvArmed = true
        r.pointee.prepared = true
        if !state.pointee.hangUpArmed, !state.pointee.readHungUp {
            try r.pointee.ring.preparePoll(
                fd: fd,
                events: EpollConstant.EPOLLRDHUP,
                userData: EventLoop.token(.hangUp, self)
            )
            state.pointee.hangUpArmed = true
        }
    }

    /// Copies what the ring received into `buffer`, as much as fits, and recycles the buffers it
    /// empties. Returns 0 at the end of the stream (again on every later read); throws the
    /// receive's error once, after the data before it. Call only when ``hasReceived``.
    @usableFromInline
    func takeReceived(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        let r = loop.local.pointee.ring!
        var copied = 0
        while copied < buffer.count, !state.pointee.received.isEmpty {
            let word = state.pointee.received.first
            if word & Self.endMark != 0 {
                if copied > 0 { break }
                let result = Int32(bitPattern: UInt32(truncatingIfNeeded: word))
                if result == 0 { return 0 }
                state.pointee.received.removeFirst()
                throw SocketError(errno: -result, operation: .read)
            }
            let id = UInt16(truncatingIfNeeded: word >> 32)
            let length = Int(UInt32(truncatingIfNeeded: word))
            let offset = state.pointee.receivedOffset
            let n = min(length - offset, buffer.count - copied)
            let source = r.pointee.buffers.bytes(id, count: length)
            (buffer.baseAddress! + copied).copyMemory(from: source.baseAddress! + offset, byteCount: n)
            copied += n
            if offset + n == length {
                state.pointee.received.removeFirst()
                state.pointee.receivedOffset = 0
                loop.recycle(id, r)
            } else {
                state.pointee.receivedOffset = offset + n
            }
        }
        return copied
    }

    /// A send failed with `errno`: the queued bytes are dropped and the socket's next write (and
    /// every one after it) throws the error.
    func failSends(_ errno: CInt) {
        if state.pointee.sendErrno == 0 { state.pointee.sendErrno = errno }
        state.pointee.backlog.removeAll()
        state.pointee.backlogHead = 0
        backlogDrained()
    }

    /// The backlog is empty: a shutdown that waited for it happens now.
    func backlogDrained() {
        let how = state.pointee.shutdownAfterDrain
        guard how >= 0 else { return }
        state.pointee.shutdownAfterDrain = -1
        _ = Sys.shutdown(state.pointee.drainFD >= 0 ? state.pointee.drainFD : fd, how)
    }

    func closeDrainDescriptor() {
        if state.pointee.drainFD >= 0 {
            _ = Sys.closeOwned(state.pointee.drainFD)
            state.pointee.drainFD = -1
        }
    }

    /// The write's fast path: stages `buffer` when nothing is queued before it (returns the count
    /// taken), or returns -1 for ``NetSocket/ringWrite(_:_:_:)`` to handle (closed, failed,
    /// backlog).
    @usableFromInline
    func stageWrite(_ socket: NetSocket, _ buffer: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        guard !buffer.isEmpty, !state.pointee.isClosed, state.pointee.sendErrno == 0,
            state.pointee.backlogHead == state.pointee.backlog.count, let r = loop.local.pointee.ring
        else { return -1 }
        return try loop.stage(self, socket, buffer, r)
    }

    /// Arms a one-shot `POLLOUT` poll (the socket's buffer was full).
    @usableFromInline
    func armPollOut() throws(SocketError) {
        guard !state.pointee.pollOutArmed, let r = loop.local.pointee.ring else { return }
        try r.pointee.ring.preparePoll(
            fd: state.pointee.drainFD >= 0 ? state.pointee.drainFD : fd,
            events: UInt32(truncatingIfNeeded: LinuxABI.POLLOUT),
            userData: EventLoop.token(.pollOut, self)
        )
        state.pointee.pollOutArmed = true
        r.pointee.prepared = true
    }
}

extension NetSocket {
    /// The io_uring read of a byte stream (see EventLoop+Ring.swift): take what the ring received,
    /// or arm the receive and wait.
    @inlinable @inline(__always)
    nonisolated(nonsending) func ringRead(
        _ registration: RegistrationRef,
        _ op: SocketOperation,
        setsNoWait: Bool = true,
        _ take: (Registration) throws(SocketError) -> Int,
        _ attempt: () throws(SocketError) -> Int
    ) async throws(SocketError) -> Int {
        while true {
            if registration.hasReceived { return try registration.with(take) }
            if registration.state.pointee.isClosed {
                try SocketError.raise(registration.get { $0.loop.closedError(op, stopped: $0.loop.isStopping) })
            }
            if registration.state.pointee.readHungUp {
                // The peer ended its side and the ring delivered nothing more: read the socket
                // itself (its data, then the end of the stream). A multishot receive that took many
                // buffers in one wake-up may never report the end that came with them (Linux 6.18),
                // so it is not waited for. The ring cannot consume bytes meanwhile: its receive runs
                // only in the loop's own io_uring_enter, and every completion was reaped.
                if let n = try attemptOnLoop(setsNoWait: setsNoWait, attempt) { return n }
            }
            if !registration.state.pointee.recvArmed {
                try registration.with { (object) throws(SocketError) in try object.armReceive() }
            }
            try await registration.wait(.read, deadlineNanoseconds(for: .read), op, polled: false)
        }
    }

    /// The io_uring write of a byte stream: the bytes are staged for the turn's submission (or
    /// queued behind the socket's backlog); returns how many were taken.
    @usableFromInline
    nonisolated(nonsending) func ringWrite(
        _ registration: Registration,
        _ buffer: UnsafeRawBufferPointer,
        _ op: SocketOperation
    ) async throws(SocketError) -> Int {
        if buffer.isEmpty { return 0 }
        let state = registration.state
        while true {
            if registration.isClosed { throw registration.loop.closedError(op, stopped: registration.loop.isStopping) }
            if state.pointee.sendErrno != 0 { throw SocketError(errno: state.pointee.sendErrno, operation: op) }
            let queued = state.pointee.backlog.count - state.pointee.backlogHead
            if queued == 0 {
                let taken = try registration.loop.stage(
                    registration,
                    self,
                    buffer,
                    registration.loop.local.pointee.ring!
                )
                if taken >= 0 { return taken }
                continue
            }
            if queued < EventLoop.backlogLimit {
                let count = min(buffer.count, EventLoop.backlogLimit - queued)
                state.pointee.backlog.append(
                    contentsOf: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
                )
                return count
            }
            try registration.armPollOut()
            try await registration.wait(.write, deadlineNanoseconds(for: .write), op, polled: false)
        }
    }
}
