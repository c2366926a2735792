import CPlatform
import SockPOSIX

/// The loop's run queue: a ring of job words (an `UnownedJob`'s bits, bit 0 set for a job that
/// came through the global-executor hook). Touched only by the loop's thread. It grows by doubling
/// (an allocation only when more jobs are queued at once than ever before), so the steady state
/// allocates nothing.
struct JobQueue {
    /// The ring itself, a C struct: the global-executor hook (CPlatform's event_loop.c) pushes
    /// into it directly, so Swift and C share its layout by construction.
    var raw: cplatform_job_queue

    init(capacity: Int = 256) {
        raw = cplatform_job_queue(storage: .allocate(capacity: capacity), capacity: capacity, head: 0, tail: 0)
    }

    @inline(__always)
    private var storage: UnsafeMutablePointer<UInt> { raw.storage.unsafelyUnwrapped }

    var isEmpty: Bool { raw.head == raw.tail }
    var count: Int { raw.tail &- raw.head }

    mutating func push(_ job: UInt) {
        if _slowPath(raw.tail &- raw.head == raw.capacity) { grow() }
        storage[raw.tail & (raw.capacity &- 1)] = job
        raw.tail &+= 1
    }

    mutating func pop() -> UInt? {
        if raw.head == raw.tail { return nil }
        let job = storage[raw.head & (raw.capacity &- 1)]
        raw.head &+= 1
        return job
    }

    @inline(never)
    private mutating func grow() {
        let bigger = UnsafeMutablePointer<UInt>.allocate(capacity: raw.capacity * 2)
        var i = 0
        while raw.head != raw.tail {
            bigger[i] = storage[raw.head & (raw.capacity - 1)]
            raw.head &+= 1
            i += 1
        }
        storage.deallocate()
        raw.storage = bigger
        raw.capacity *= 2
        raw.head = 0
        raw.tail = i
    }

    func deallocate() { storage.deallocate() }
}

/// A pending deadline of a waiting task: when `deadline` (monotonic ns) passes and the waiter with
/// `sequence` still waits for `readiness` on `registration`, it is resumed with `.timedOut`.
struct LoopTimer {
    var deadline: Int64
    var registration: Registration
    var readiness: Readiness
    var sequence: UInt32
}

/// A binary min-heap of ``LoopTimer`` by deadline. Entries whose waiter finished are left in place
/// and dropped when they come up (their sequence no longer matches). Capacity is kept, so a loop
/// with deadlines allocates only when it has more timers at once than before.
struct TimerHeap {
    private(set) var items: [LoopTimer] = []

    init() { items.reserveCapacity(64) }

    var isEmpty: Bool { items.isEmpty }
    var earliest: Int64? { items.first?.deadline }

    mutating func push(_ timer: LoopTimer) {
        items.append(timer)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[parent].deadline <= items[child].deadline { break }
            items.swapAt(parent, child)
            child = parent
        }
    }

    mutating func popIfDue(_ now: Int64) -> LoopTimer? {
        guard let first = items.first, first.deadline <= now else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return first }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= items.count { break }
            let right = left + 1
            var smallest = left
            if right < items.count, items[right].deadline < items[left].deadline { smallest = right }
            if items[parent].deadline <= items[smallest].deadline { break }
            items.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }
}

/// What a registration's multishot receive delivered and no read took yet: a ring of words
/// (see `Registration.State.received`), allocated on first use, growing by doubling (an
/// allocation only when more completions wait at once than ever before). Loop thread only.
@usableFromInline
struct ReceiveQueue {
    @usableFromInline var storage: UnsafeMutablePointer<UInt64>?
    @usableFromInline var capacity = 0
    @usableFromInline var head = 0
    @usableFromInline var tail = 0

    init() {}

    @inlinable var isEmpty: Bool { head == tail }
    @inlinable var first: UInt64 { storage![head & (capacity &- 1)] }

    @inlinable
    mutating func append(_ word: UInt64) {
        if _slowPath(tail &- head == capacity) { grow() }
        storage![tail & (capacity &- 1)] = word
        tail &+= 1
    }

    @inlinable
    mutating func removeFirst() { head &+= 1 }

    @usableFromInline
    mutating func grow() {
        let bigger = max(capacity * 2, 8)
        let new = UnsafeMutablePointer<UInt64>.allocate(capacity: bigger)
        var i = 0
        while head != tail {
            new[i] = storage![head & (capacity &- 1)]
            head &+= 1
            i += 1
        }
        storage?.deallocate()
        storage = new
        capacity = bigger
        head = 0
        tail = i
    }

    mutating func removeAll() {
        head = 0
        tail = 0
    }

    func deallocate() { storage?.deallocate() }
}

/// The loop's registrations by descriptor number. It owns one reference to each (taken in
/// ``install(_:at:)``, given back in ``remove(at:)`` and ``removeAll()``) and hands them out
/// unretained: the loop's thread is its only user, and a registration stays in it while an event
/// is handled, so the event path costs no retain or release.
struct RegistrationTable {
    private var slots: ContiguousArray<Unmanaged<Registration>?> = []

    var count: Int { slots.count }

    /// The registration for `fd`, if any (unretained).
    @inline(__always)
    subscript(fd: Int) -> Unmanaged<Registration>? {
        fd < slots.count ? slots[fd] : nil
    }

    /// Records `registration` for `fd` (the caller dealt with any previous one: see ``remove(at:)``).
    mutating func install(_ registration: Registration, at fd: Int) {
        if fd >= slots.count {
            slots.append(contentsOf: repeatElement(nil, count: max(fd + 1 - slots.count, slots.count)))
        }
        slots[fd]?.release()
        slots[fd] = .passRetained(registration)
    }

    /// Drops the registration for `fd` if it is `registration` (any when nil).
    mutating func remove(at fd: Int, ifIs registration: Registration? = nil) {
        guard fd < slots.count, let held = slots[fd] else { return }
        if let registration, held.toOpaque() != Unmanaged.passUnretained(registration).toOpaque() { return }
        slots[fd] = nil
        held.release()
    }

    /// Calls `body` with each registration (retained for the call: `body` may remove it).
    func forEach(_ body: (Registration) -> Void) {
        for case let held? in slots { body(held.takeUnretainedValue()) }
    }

    var registered: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    mutating func removeAll() {
        for case let held? in slots { held.release() }
        slots.removeAll()
    }
}

/// A growable list of trivial values (no reference counting, no uniqueness check on a write),
/// for the loop's per-turn lists. Loop thread only; its storage is freed by ``deallocate()``.
struct TrivialList<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "TrivialList index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "TrivialList index out of range")
            base[index] = newValue
        }
    }

    mutating func append(_ element: Element) {
        if _slowPath(count == capacity) {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.initialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Empties the list (capacity kept).
    mutating func removeAll() { count = 0 }

    func forEach(_ body: (Element) -> Void) {
        var i = 0
        while i < count {
            body(base[i])
            i += 1
        }
    }

    func deallocate() { base.deallocate() }
}
