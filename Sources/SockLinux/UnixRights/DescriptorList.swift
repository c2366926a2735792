#if os(Linux)
import SockPOSIX

/// The file descriptors in an `SCM_RIGHTS` payload, read in place (no copy). Linux-only.
///
/// The descriptors are open in this process once received: take ownership of each (wrap it, e.g.
/// with `NetSocket(adopting:...)`, or close it). ``closeAll()`` closes them all.
public struct DescriptorList: RandomAccessCollection {
    /// The raw payload (a multiple of 4 bytes; a trailing partial descriptor is ignored).
    public let bytes: UnsafeRawBufferPointer

    /// Wraps an `SCM_RIGHTS` payload.
    @inlinable
    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// 0.
    @inlinable public var startIndex: Int { 0 }
    /// The number of descriptors.
    @inlinable public var endIndex: Int { bytes.count / MemoryLayout<CInt>.size }

    /// The descriptor at `position`.
    @inlinable
    public subscript(position: Int) -> CInt {
        precondition(position >= 0 && position < endIndex, "descriptor index out of range")
        return bytes.loadUnaligned(fromByteOffset: position * MemoryLayout<CInt>.size, as: CInt.self)
    }

    /// Steps through the descriptors (a concrete iterator: the generic `IndexingIterator`
    /// allocates in unoptimized builds).
    public struct Iterator: IteratorProtocol {
        @usableFromInline let list: DescriptorList
        @usableFromInline var position = 0

        @inlinable
        init(_ list: DescriptorList) {
            self.list = list
        }

        /// The next descriptor, or nil at the end.
        @inlinable
        public mutating func next() -> CInt? {
            guard position < list.endIndex else { return nil }
            defer { position += 1 }
            return list[position]
        }
    }

    /// An iterator from the first descriptor.
    @inlinable
    public func makeIterator() -> Iterator { Iterator(self) }

    /// Closes every descriptor in the list (for a message you do not want, or after
    /// `MSG_CTRUNC`).
    public func closeAll() {
        for i in indices { _ = Sys.close(self[i]) }
    }
}
#endif
