import Synchronization

extension Socket {
    /// Sets both the read and the write deadline. `nil` clears them (operations then throw
    /// `.wouldBlock` instead of waiting). A deadline applies to operations that start waiting after
    /// it is set; to interrupt an operation already waiting, close the socket.
    @inlinable
    public func setDeadline(_ deadline: Deadline?) {
        setReadDeadline(deadline)
        setWriteDeadline(deadline)
    }

    /// Sets the deadline for reads, receives and accept. `nil` clears it.
    @inlinable
    public func setReadDeadline(_ deadline: Deadline?) {
        netSocket.readDeadlineNs.store(deadline?.nanoseconds ?? 0, ordering: .relaxed)
    }

    /// Sets the deadline for writes, sends and connect completion. `nil` clears it.
    @inlinable
    public func setWriteDeadline(_ deadline: Deadline?) {
        netSocket.writeDeadlineNs.store(deadline?.nanoseconds ?? 0, ordering: .relaxed)
    }

    /// The current read deadline, if any.
    @inlinable
    public var readDeadline: Deadline? {
        let ns = netSocket.readDeadlineNs.load(ordering: .relaxed)
        return ns == 0 ? nil : Deadline(monotonicNanoseconds: ns)
    }

    /// The current write deadline, if any.
    @inlinable
    public var writeDeadline: Deadline? {
        let ns = netSocket.writeDeadlineNs.load(ordering: .relaxed)
        return ns == 0 ? nil : Deadline(monotonicNanoseconds: ns)
    }
}
