// The `[UInt8]` and Span forms of `Connection`'s operations: each calls the raw-buffer form, with
// no allocation and no closure the caller has to write (so they work as they are inside
// `do throws(SocketError) { ... }`).

extension Connection {
    /// Reads into the start of `bytes` (its count is unchanged). Returns the number of bytes read.
    /// See `read(into:)`.
    @inlinable
    public func read(into bytes: inout [UInt8]) throws(SocketError) -> Int {
        try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> Int in
            try read(into: UnsafeMutableRawBufferPointer(b))
        }
    }

    /// Reads into a `MutableRawSpan`. See `read(into:)`.
    @inlinable
    public func read(into span: inout MutableRawSpan) throws(SocketError) -> Int {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            try read(into: b)
        }
    }

    /// Writes the bytes of an array (no copy). See `write(_:)`.
    @inlinable
    public func write(_ bytes: [UInt8]) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try write(UnsafeRawBufferPointer(b))
        }
    }

    /// Writes the bytes of a `RawSpan`. See `write(_:)`.
    @inlinable
    public func write(_ span: RawSpan) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in try write(b) }
    }

    /// Writes every byte of an array. See `writeAll(_:)`.
    public func writeAll(_ bytes: [UInt8]) throws(SocketError) {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) in
            try writeAll(UnsafeRawBufferPointer(b))
        }
    }

    /// Writes every byte of a `RawSpan`. See `writeAll(_:)`.
    public func writeAll(_ span: RawSpan) throws(SocketError) {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) in try writeAll(b) }
    }

    /// `recv(2)` with flags into the start of `bytes`. See
    /// `read(into:flags:)`.
    @inlinable
    public func read(into bytes: inout [UInt8], flags: MessageFlags) throws(SocketError) -> Int {
        try bytes.withUnsafeMutableBufferPointer {
            (b: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> Int in
            try read(into: UnsafeMutableRawBufferPointer(b), flags: flags)
        }
    }

    /// `recv(2)` with flags into a `MutableRawSpan`. See
    /// `read(into:flags:)`.
    @inlinable
    public func read(into span: inout MutableRawSpan, flags: MessageFlags) throws(SocketError) -> Int {
        try span.withUnsafeMutableBytes { (b: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            try read(into: b, flags: flags)
        }
    }

    /// `send(2)` with flags, from an array. See `write(_:flags:)`.
    @inlinable
    public func write(_ bytes: [UInt8], flags: MessageFlags) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try write(UnsafeRawBufferPointer(b), flags: flags)
        }
    }

    /// `send(2)` with flags, from a `RawSpan`. See `write(_:flags:)`.
    @inlinable
    public func write(_ span: RawSpan, flags: MessageFlags) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try write(b, flags: flags)
        }
    }
}
