#if os(Linux)
import SockPOSIX

extension TCPSocket {
    /// The longest congestion-control name the kernel accepts (`TCP_CA_NAME_MAX` is 16 bytes with
    /// the terminating NUL).
    public static var maxCongestionControlNameLength: Int { 15 }

    /// `TCP_CONGESTION` (Linux 2.6.13): selects the congestion-control algorithm by name (`"reno"`,
    /// `"cubic"`, `"bbr"`, ... as listed in `net.ipv4.tcp_available_congestion_control`).
    /// No allocation for a native `String`.
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` for an empty name or one longer than
    ///   ``maxCongestionControlNameLength``; `.other` with `errno` ENOENT for an algorithm the
    ///   kernel does not have; `.permissionDenied` for one that an unprivileged process may not
    ///   choose (not in `tcp_allowed_congestion_control`).
    public func setCongestionControl(_ name: String) throws(SocketError) {
        var name = name
        // `withUTF8` is not typed-throws: carry the error out by hand.
        let failure = name.withUTF8 { (bytes: UnsafeBufferPointer<UInt8>) -> SocketError? in
            do throws(SocketError) {
                try setCongestionControl(UnsafeRawBufferPointer(bytes))
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// `TCP_CONGESTION` from raw name bytes (without a terminating NUL). See
    /// `setCongestionControl(_:)`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func setCongestionControl(_ name: UnsafeRawBufferPointer) throws(SocketError) {
        guard name.count > 0, name.count <= Self.maxCongestionControlNameLength,
            name.nulTerminatedLength == name.count
        else {
            throw .invalid(.valueOutOfRange, .setsockopt)
        }
        try setOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CONGESTION, bytes: name)
    }

    /// `TCP_CONGESTION`: writes the algorithm's name into `buffer` without allocating and returns
    /// its length (without a NUL). A buffer of 16 bytes always suffices.
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.bufferTooSmall` when the name does not fit, `.closed`,
    ///   `.notSupported` on a socket that is not TCP.
    public func congestionControl(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try withUnsafeTemporaryAllocation(byteCount: 16, alignment: 1) {
            (scratch: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            scratch.initializeMemory(as: UInt8.self, repeating: 0)
            let written = try getOption(level: SC.IPPROTO_TCP, name: LinuxABI.TCP_CONGESTION, into: scratch)
            let length = UnsafeRawBufferPointer(rebasing: scratch[..<Swift.min(written, scratch.count)])
                .nulTerminatedLength
            guard length <= buffer.count else { throw .invalid(.bufferTooSmall, .getsockopt) }
            if length > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: scratch[..<length])) }
            return length
        }
    }

    /// `TCP_CONGESTION`: the algorithm's name as a `String` (one allocation at most; use
    /// ``congestionControl(into:)`` to avoid it).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a TCP socket), `.closed`.
    public func congestionControl() throws(SocketError) -> String {
        try withUnsafeTemporaryAllocation(byteCount: 16, alignment: 1) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> String in
            let length = try congestionControl(into: buffer)
            return String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
        }
    }
}
#endif
