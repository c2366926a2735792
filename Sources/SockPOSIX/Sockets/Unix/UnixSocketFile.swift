// The mode of a Unix socket file: who may connect to a path socket, set right after bind.
//
// connect(2) and sendto(2) to a path need write permission on the socket file and search (x)
// permission on every directory of the path. bind(2) creates the file with mode 0777 & ~umask, so
// by default the process's umask decides who may connect. A `mode:` replaces that: the listener
// binds, sets the mode (on the socket file the path names, never through a symbolic link: see
// `Sys.chmodSocketFile`), and only then listens; until listen(2), connect(2) is refused, so no
// client ever meets the umask's mode. Whoever can write the parent directory can still replace
// the file, so a private directory remains the robust way.

/// The mode of a Unix socket file.
enum UnixSocketFile {
    /// The permission bits a `mode:` may hold (rwx for user, group and others). The set-id and
    /// sticky bits mean nothing on a socket and are refused.
    static let permissionBits: UInt32 = 0o777

    /// Checks a requested mode before anything is created: permission bits only, and only for a
    /// filesystem path (an abstract or unnamed address has no file to set it on).
    /// - Throws: `.invalidArgument` with `.modeRequiresPath` or `.valueOutOfRange`.
    static func validate(_ mode: UInt32?, for address: SockaddrUnix) throws(SocketError) {
        guard let mode else { return }
        guard address.kind == .path else { throw .invalid(.modeRequiresPath, .listenSocket) }
        guard mode & ~permissionBits == 0 else { throw .invalid(.valueOutOfRange, .listenSocket) }
    }

    /// Sets the mode of the socket file `address` names, right after the bind that created it,
    /// without following a symbolic link put there meanwhile (`.other` with errno ELOOP, and
    /// `.notSupported`-class ENOTSOCK for a file that is not a socket). The path is copied to a NUL-terminated buffer on the stack
    /// (a 108-byte path has no NUL in `sun_path`).
    /// - Throws: the kernel's error for `fchmodat`, reported for `.bind` (`.permissionDenied`,
    ///   `.notFound` when the file was removed meanwhile, ...).
    static func setMode(_ mode: UInt32, of address: SockaddrUnix) throws(SocketError) {
        try address.withUnsafeNameBytes { (name) throws(SocketError) in
            try withUnsafeTemporaryAllocation(of: CChar.self, capacity: name.count + 1) {
                (path) throws(SocketError) in
                let bytes = UnsafeMutableRawBufferPointer(path)
                bytes.copyMemory(from: name)
                bytes[name.count] = 0
                _ = try Sys.check(.bind) { Sys.chmodSocketFile(path.baseAddress!, mode) }
            }
        }
    }
}

extension NetSocket {
    /// Binds a Unix socket to `address` and, when `mode` is given, sets the socket file's mode
    /// (see `UnixSocketFile`). The caller has validated `mode` for `address`.
    func bindUnix(_ address: SockaddrUnix, mode: UInt32?) throws(SocketError) {
        try bind(address)
        if let mode { try UnixSocketFile.setMode(mode, of: address) }
    }
}
