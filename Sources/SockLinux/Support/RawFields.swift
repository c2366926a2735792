#if os(Linux)
/// Bounds-checked reads of kernel structs from raw bytes. The kernel writes its structs in the
/// host's byte order, at offsets the generated ABI tables give; nothing here assumes alignment.
extension UnsafeRawBufferPointer {
    /// The value of type `T` at `offset`, or nil when it does not lie entirely within the buffer.
    @inlinable
    func field<T: BitwiseCopyable>(at offset: Int, as type: T.Type = T.self) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return loadUnaligned(fromByteOffset: offset, as: T.self)
    }

    /// The length of the C string at the start (up to the first NUL, or the whole buffer).
    /// A plain loop: the generic `firstIndex(of:)` allocates in unoptimized builds.
    @inlinable
    var nulTerminatedLength: Int {
        var length = 0
        while length < count, self[length] != 0 { length += 1 }
        return length
    }
}
#endif
