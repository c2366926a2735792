#if os(Linux)
import SockPOSIX

extension UnixSocket {
    /// `SO_PASSCRED` (Linux 2.2): attach the sender's credentials (`SCM_CREDENTIALS`,
    /// ``ControlMessages/credentials``) to every message this Unix socket receives, whether the
    /// sender sent them or not. An unbound socket with it set autobinds to an abstract name when it
    /// sends.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a Unix socket), `.closed`.
    public func setPassCredentials(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PASSCRED, on)
    }

    /// `SO_PASSCRED`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a Unix socket), `.closed`.
    public func passCredentials() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PASSCRED)
    }
}

extension Connection where Self: UnixSocket {
    /// Sends `data` with an `SCM_CREDENTIALS` control message (one `sendmsg(2)`, no allocation)
    /// over a Unix socket. Linux-only. The kernel checks the credentials: anything but one's own
    /// needs privileges.
    ///
    /// - Throws: `.permissionDenied` for credentials the process may not claim, `.wouldBlock`,
    ///   `.closed`, `.notConnected`, ...
    public func sendCredentials(
        _ data: UnsafeRawBufferPointer,
        credentials: Credentials = .current
    ) throws(SocketError) -> Int {
        let space = ControlMessageLayout.space(LinuxABI.sizeof_ucred)
        return try withUnsafeTemporaryAllocation(byteCount: space, alignment: ControlMessageLayout.alignment) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            var builder = ControlMessageBuilder(buffer)
            try builder.appendCredentials(credentials)
            return try sendMessage(data, control: builder.bytes)
        }
    }
}

extension Connection where Self: UnixSocket {
    /// `sendCredentials(_:credentials:)` from an array. Linux-only.
    public func sendCredentials(_ data: [UInt8], credentials: Credentials = .current) throws(SocketError) -> Int {
        try data.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try sendCredentials(UnsafeRawBufferPointer(b), credentials: credentials)
        }
    }

    /// `sendCredentials(_:credentials:)` from a span. Linux-only.
    public func sendCredentials(_ data: RawSpan, credentials: Credentials = .current) throws(SocketError) -> Int {
        try data.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try sendCredentials(b, credentials: credentials)
        }
    }
}
#endif
