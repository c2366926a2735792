/// Pointer and integer arguments as machine words, for `NetSocket.io(_:_:_:_:_:_:_:)`, which
/// passes a system call's arguments by value (in registers) to a non-capturing call and to its
/// out-of-line slow path.
@usableFromInline
package enum Word {
    /// A typed pointer back from its word.
    @inlinable @inline(__always)
    package static func pointer<T>(_ word: Int, to: T.Type = T.self) -> UnsafeMutablePointer<T>? {
        UnsafeMutablePointer(bitPattern: word)
    }

    /// A raw pointer back from its word.
    @inlinable @inline(__always)
    package static func raw(_ word: Int) -> UnsafeMutableRawPointer? {
        UnsafeMutableRawPointer(bitPattern: word)
    }

    /// A pointer as a word.
    @inlinable @inline(__always)
    package static func of(_ pointer: UnsafeRawPointer?) -> Int { Int(bitPattern: pointer) }

    /// A C int back from its word (the word was made from a CInt).
    @inlinable @inline(__always)
    package static func int32(_ word: Int) -> CInt { CInt(truncatingIfNeeded: word) }
}
