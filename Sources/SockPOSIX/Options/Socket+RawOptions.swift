#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The generic `getsockopt(2)`/`setsockopt(2)` calls, on every socket, for options Sock does not
// name; and the package helpers every typed option accessor is built on.

extension Socket {
    /// `getsockopt(2)` of a fixed-size value (an `Int32`, a struct). No allocation.
    /// - Throws: `.notSupported` (ENOPROTOOPT), `.invalidArgument`, `.closed`; `.invalidArgument`
    ///   with `.bufferTooSmall` when the kernel returned more than `T` holds (never a partially
    ///   filled value; a shorter value is zero-extended, as for 1-byte options).
    @inlinable
    public func getOption<T: BitwiseCopyable>(
        level: OptionLevel,
        name: OptionName,
        as: T.Type = T.self
    ) throws(SocketError) -> T {
        try netSocket.getOption(level: level, name: name.rawValue)
    }

    /// `getsockopt(2)` into a caller buffer; returns the length the kernel wrote (for options whose
    /// size depends on the kernel version, like `TCP_INFO`).
    /// - Throws: `.notSupported`, `.invalidArgument`, `.closed`.
    @inlinable
    public func getOption(
        level: OptionLevel,
        name: OptionName,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> Int {
        try netSocket.getOption(level: level, name: name.rawValue, into: buffer)
    }

    /// `setsockopt(2)` of a fixed-size value. No allocation.
    /// - Throws: `.invalidArgument` (a value the kernel rejects), `.notSupported`,
    ///   `.permissionDenied`, `.closed`.
    @inlinable
    public func setOption<T: BitwiseCopyable>(level: OptionLevel, name: OptionName, _ value: T) throws(SocketError) {
        try netSocket.setOption(level: level, name: name.rawValue, value)
    }

    /// `setsockopt(2)` with raw bytes (strings such as `SO_BINDTODEVICE`, variable-size structs).
    /// - Throws: as ``setOption(level:name:_:)``.
    @inlinable
    public func setOption(level: OptionLevel, name: OptionName, bytes: UnsafeRawBufferPointer) throws(SocketError) {
        try netSocket.setOption(level: level, name: name.rawValue, bytes: bytes)
    }
}

extension NetSocket {
    /// `getsockopt(2)` of a fixed-size value.
    @inlinable
    package func getOption<T: BitwiseCopyable>(
        level: OptionLevel,
        name: CInt,
        as: T.Type = T.self
    ) throws(SocketError) -> T {
        try withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { p throws(SocketError) -> T in
            let raw = UnsafeMutableRawPointer(p.baseAddress!)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.size)
            var len = socklen_t(MemoryLayout<T>.size)
            _ = try call(.getsockopt) { Sys.getsockopt($0, level.rawValue, name, raw, &len) }
            // Booleans and small options may come back shorter (e.g. 1-byte IP_MULTICAST_TTL):
            // accept a shorter value only for integer options, zero-extended above.
            if Int(len) > MemoryLayout<T>.size {
                throw SocketError(.invalidArgument, operation: .getsockopt, detail: .bufferTooSmall)
            }
            return raw.load(as: T.self)
        }
    }

    /// `getsockopt(2)` into a caller buffer; the length the kernel wrote.
    @inlinable
    package func getOption(
        level: OptionLevel,
        name: CInt,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> Int {
        var len = socklen_t(buffer.count)
        _ = try call(.getsockopt) { Sys.getsockopt($0, level.rawValue, name, buffer.baseAddress, &len) }
        return Int(len)
    }

    /// `setsockopt(2)` of a fixed-size value.
    @inlinable
    package func setOption<T: BitwiseCopyable>(level: OptionLevel, name: CInt, _ value: T) throws(SocketError) {
        _ = try call(.setsockopt) { fd in
            withUnsafeBytes(of: value) { Sys.setsockopt(fd, level.rawValue, name, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    /// `setsockopt(2)` with raw bytes.
    @inlinable
    package func setOption(level: OptionLevel, name: CInt, bytes: UnsafeRawBufferPointer) throws(SocketError) {
        _ = try call(.setsockopt) {
            Sys.setsockopt($0, level.rawValue, name, bytes.baseAddress, socklen_t(bytes.count))
        }
    }

    /// A boolean option (an int 0/1 in the kernel).
    @inlinable
    package func boolOption(level: OptionLevel, name: CInt) throws(SocketError) -> Bool {
        let v: CInt = try getOption(level: level, name: name)
        return v != 0
    }

    /// Sets a boolean option (an int 0/1 in the kernel).
    @inlinable
    package func setBoolOption(level: OptionLevel, name: CInt, _ on: Bool) throws(SocketError) {
        try setOption(level: level, name: name, CInt(on ? 1 : 0))
    }

    /// Sets an int option after checking it is within `range` (so an absurd value is a clear
    /// error, not a silent truncation).
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`.
    @inlinable
    package func setIntOption(
        level: OptionLevel,
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
    package func intOption(level: OptionLevel, name: CInt) throws(SocketError) -> Int {
        let v: CInt = try getOption(level: level, name: name)
        return Int(v)
    }
}
