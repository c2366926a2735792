// Package helpers on every socket type, so option accessors in SockPOSIX and SockLinux read the
// same whatever protocol they extend: `try setIntOption(level: SC.IPPROTO_TCP, name: ..., value)`.
// They forward to the socket's `NetSocket`.

extension Socket {
    /// Throws `.closed` once the socket is closed (see ``NetSocket/checkOpen(_:)``).
    @inlinable @inline(__always)
    package func checkOpen(_ op: SocketOperation) throws(SocketError) { try netSocket.checkOpen(op) }

    /// `getsockopt(2)` of a fixed-size value at a C level and name.
    @inlinable
    package func getOption<T: BitwiseCopyable>(level: CInt, name: CInt, as: T.Type = T.self) throws(SocketError) -> T {
        try netSocket.getOption(level: OptionLevel(rawValue: level), name: name)
    }

    /// `getsockopt(2)` into a buffer at a C level and name; the length the kernel wrote.
    @inlinable
    package func getOption(
        level: CInt,
        name: CInt,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> Int {
        try netSocket.getOption(level: OptionLevel(rawValue: level), name: name, into: buffer)
    }

    /// `setsockopt(2)` of a fixed-size value at a C level and name.
    @inlinable
    package func setOption<T: BitwiseCopyable>(level: CInt, name: CInt, _ value: T) throws(SocketError) {
        try netSocket.setOption(level: OptionLevel(rawValue: level), name: name, value)
    }

    /// `setsockopt(2)` with raw bytes at a C level and name.
    @inlinable
    package func setOption(level: CInt, name: CInt, bytes: UnsafeRawBufferPointer) throws(SocketError) {
        try netSocket.setOption(level: OptionLevel(rawValue: level), name: name, bytes: bytes)
    }

    /// A boolean option at a C level and name.
    @inlinable
    package func getBoolOption(level: CInt, name: CInt) throws(SocketError) -> Bool {
        try netSocket.boolOption(level: OptionLevel(rawValue: level), name: name)
    }

    /// Sets a boolean option at a C level and name.
    @inlinable
    package func setBoolOption(level: CInt, name: CInt, _ on: Bool) throws(SocketError) {
        try netSocket.setBoolOption(level: OptionLevel(rawValue: level), name: name, on)
    }

    /// Sets an int option at a C level and name, range-checked.
    @inlinable
    package func setIntOption(
        level: CInt,
        name: CInt,
        _ value: Int,
        range: ClosedRange<Int> = 0...Int(Int32.max)
    ) throws(SocketError) {
        try netSocket.setIntOption(level: OptionLevel(rawValue: level), name: name, value, range: range)
    }

    /// An int option at a C level and name.
    @inlinable
    package func intOption(level: CInt, name: CInt) throws(SocketError) -> Int {
        try netSocket.intOption(level: OptionLevel(rawValue: level), name: name)
    }
}
