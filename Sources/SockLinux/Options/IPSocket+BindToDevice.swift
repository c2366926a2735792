#if os(Linux)
import SockPOSIX

extension IPSocket {
    /// `SO_BINDTODEVICE` (Linux 2.0.30): sends and receives only through the interface `device`;
    /// `nil` removes the binding. Before Linux 5.7 it needs CAP_NET_RAW; since then an unprivileged
    /// process may bind a socket that is not yet bound to a device.
    /// Linux-only.
    ///
    /// - Throws: `.permissionDenied`, `.other` with `errno` ENODEV for an unknown interface,
    ///   `.closed`.
    public func bindToDevice(_ device: InterfaceName?) throws(SocketError) {
        guard let device else {
            try setOption(
                level: SC.SOL_SOCKET,
                name: LinuxABI.SO_BINDTODEVICE,
                bytes: UnsafeRawBufferPointer(start: nil, count: 0)
            )
            return
        }
        try device.withUnsafeBytes { (name: UnsafeRawBufferPointer) throws(SocketError) in
            try setOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_BINDTODEVICE, bytes: name)
        }
    }

    /// `SO_BINDTODEVICE`: the interface the socket is bound to, or `nil`. No allocation.
    /// Linux-only.
    /// - Throws: `.closed`, `.invalidArgument` with `.malformedInterfaceName` for a name the kernel
    ///   returned that is not valid (never expected).
    public func boundDevice() throws(SocketError) -> InterfaceName? {
        try withUnsafeTemporaryAllocation(byteCount: 16, alignment: 1) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> InterfaceName? in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            let written = try getOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_BINDTODEVICE, into: buffer)
            let raw = UnsafeRawBufferPointer(rebasing: buffer[..<Swift.min(written, buffer.count)])
            let length = raw.nulTerminatedLength
            if length == 0 { return nil }
            return try InterfaceName(bytes: UnsafeRawBufferPointer(rebasing: raw[..<length]))
        }
    }
}
#endif
