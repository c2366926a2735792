import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension NetSocket {
    /// `getsockopt(2)` of a fixed-size value (an `Int32`, a struct). No allocation.
    /// - Throws: `.notSupported` (ENOPROTOOPT), `.invalidArgument`, `.closed`; `.invalidArgument`
    ///   with `.bufferTooSmall` when the kernel returned a different size than `T` (never a
    ///   partially filled value).
    @inlinable
    public final func getOption<T: BitwiseCopyable>(
        level: CInt,
        name: CInt,
        as: T.Type = T.self
    ) throws(SocketError) -> T {
        try checkOpen(.getsockopt)
        return try withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { p throws(SocketError) -> T in
            let raw = UnsafeMutableRawPointer(p.baseAddress!)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
            var len = socklen_t(MemoryLayout<T>.size)
            let r = Sys.getsockopt(fd, level, name, raw, &len)
            if r < 0 { throw failure(r, .getsockopt) }
            // Booleans and small options may come back shorter (e.g. 1-byte IP_MULTICAST_TTL):
            // accept a shorter value only for integer options, zero-extended above.
            if Int(len) > MemoryLayout<T>.size {
                throw SocketError(.invalidArgument, operation: .getsockopt, detail: .bufferTooSmall)
            }
            return raw.load(as: T.self)
        }
    }

    /// `getsockopt(2)` into a caller buffer; returns the length the kernel wrote (for options whose
    /// size depends on the kernel version, like TCP_INFO).
    @inlinable
    public final func getOption(
        level: CInt,
        name: CInt,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> Int {
        try checkOpen(.getsockopt)
        var len = socklen_t(buffer.count)
        let r = Sys.getsockopt(fd, level, name, buffer.baseAddress, &len)
        if r < 0 { throw failure(r, .getsockopt) }
        return Int(len)
    }

    /// `setsockopt(2)` of a fixed-size value. No allocation.
    /// - Throws: `.invalidArgument` (a value the kernel rejects), `.notSupported`,
    ///   `.permissionDenied`, `.closed`.
    @inlinable
    public final func setOption<T: BitwiseCopyable>(level: CInt, name: CInt, _ value: T) throws(SocketError) {
        try checkOpen(.setsockopt)
        let r = withUnsafeBytes(of: value) { Sys.setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)) }
        if r < 0 { throw failure(r, .setsockopt) }
    }

    /// `setsockopt(2)` with raw bytes (strings such as `SO_BINDTODEVICE`, variable-size structs).
    @inlinable
    public final func setOption(level: CInt, name: CInt, bytes: UnsafeRawBufferPointer) throws(SocketError) {
        try checkOpen(.setsockopt)
        let r = Sys.setsockopt(fd, level, name, bytes.baseAddress, socklen_t(bytes.count))
        if r < 0 { throw failure(r, .setsockopt) }
    }

    /// A boolean option (an int 0/1 in the kernel).
    @inlinable
    public final func getBoolOption(level: CInt, name: CInt) throws(SocketError) -> Bool {
        let v: CInt = try getOption(level: level, name: name)
        return v != 0
    }

    /// Sets a boolean option (an int 0/1 in the kernel).
    @inlinable
    public final func setBoolOption(level: CInt, name: CInt, _ on: Bool) throws(SocketError) {
        try setOption(level: level, name: name, CInt(on ? 1 : 0))
    }

    /// Sets an int option after checking it is within `range` (so an absurd value is a clear
    /// error, not a silent truncation).
    @inlinable
    package final func setIntOption(
        level: CInt,
        name: CInt,
        _ value: Int,
        range: ClosedRange<Int> = 0...Int(Int32.max)
    ) throws(SocketError) {
        guard range.contains(value) else {
            throw SocketError(.invalidArgument, operation: .setsockopt, detail: .valueOutOfRange)
        }
        try setOption(level: level, name: name, CInt(value))
    }

    /// Reads an int option.
    @inlinable
    package final func intOption(level: CInt, name: CInt) throws(SocketError) -> Int {
        let v: CInt = try getOption(level: level, name: name)
        return Int(v)
    }
}
