#if os(Linux)
import SockPOSIX

// Who is at the other end of a Unix stream or seqpacket connection: the credentials the kernel
// recorded when the connection was made (SO_PEERCRED), and a pidfd for that process
// (SO_PEERPIDFD). The kernel answers an unconnected socket with placeholders (pid 0, uid and gid
// -1; no pidfd), and a listening one with its own process's: both are errors here, never a
// plausible answer.

extension UnixConn {
    /// `SO_PEERCRED`: the credentials of the process that connected (seen from the accepting
    /// side), that listened (seen from the connecting side), or that created the socket pair, at
    /// the time it did. The kernel records them; a peer cannot forge them. Linux-only accessor
    /// (`getsockopt` of `struct ucred`).
    ///
    /// The pid is a number the process may have given up since (it exits, the number is reused):
    /// for decisions about the process itself, use ``peerPidfd()``. A peer in another PID
    /// namespace has pid 0; a uid or gid with no mapping in this user namespace reads as the
    /// overflow id (65534).
    ///
    /// - Throws: `.notConnected` for a socket with no peer (never connected: errno `ENODATA`, as
    ///   systemd's `getpeercred` reports it; the kernel's answer there is pid 0, uid and gid
    ///   4294967295) and for a listening socket (errno 0: the kernel would give the listener's own
    ///   credentials); `.closed`.
    public func peerCredentials() throws(SocketError) -> Credentials {
        try checkNotListening()
        let credentials = try withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_ucred, alignment: 4) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Credentials in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            let length = try getOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PEERCRED, into: buffer)
            guard let credentials = Credentials(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<length])) else {
                throw .invalid(.bufferTooSmall, .getsockopt)
            }
            return credentials
        }
        // -1 is no valid id: the kernel's placeholder when it recorded no peer.
        guard credentials.uid != UInt32.max, credentials.gid != UInt32.max else {
            throw SocketError(.notConnected, errno: LinuxABI.ENODATA, operation: .getsockopt)
        }
        return credentials
    }

    /// `SO_PEERPIDFD` (Linux 6.5): a pidfd (see `pidfd_open(2)`) for the process that
    /// ``peerCredentials()`` names. Unlike its pid, a pidfd cannot come to mean another process
    /// when the peer exits and its number is reused: signal the peer through it
    /// (`pidfd_send_signal(2)`), poll it (readable once the peer has exited), or open the peer's
    /// `/proc` entry and check afterwards that the pidfd still refers to a live process. Linux-only.
    ///
    /// The descriptor is new and the caller's: close-on-exec, not tracked by Sock, closed with
    /// `close(2)` when the caller is done with it (each call returns a new one). If the peer has
    /// already exited, Linux still returns a pidfd for it on recent kernels (its
    /// `/proc/self/fdinfo` entry says `Pid: -1` once the process is reaped, and signalling it
    /// fails with `ESRCH`); earlier kernels refuse a pidfd for a reaped process with an error
    /// (such as `EINVAL`).
    ///
    /// - Throws: `.notConnected` for a socket with no peer (errno `ENODATA`) or a listening socket
    ///   (errno 0); `.notSupported` before Linux 6.5 (`ENOPROTOOPT`); `.tooManyOpenFiles`;
    ///   `.closed`.
    public func peerPidfd() throws(SocketError) -> CInt {
        try checkNotListening()
        do throws(SocketError) {
            return try getOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PEERPIDFD, as: CInt.self)
        } catch  where error.errno == LinuxABI.ENODATA {
            throw SocketError(.notConnected, errno: error.errno, operation: .getsockopt)
        }
    }

    /// A listening socket has no peer, but `SO_PEERCRED` and `SO_PEERPIDFD` answer with the
    /// listener's own process there (the kernel keeps it for the clients that connect). A
    /// `UnixConn` can wrap one (`UnixConn(listener.netSocket)`); refuse it.
    private func checkNotListening() throws(SocketError) {
        if try getBoolOption(level: SC.SOL_SOCKET, name: SC.SO_ACCEPTCONN) {
            throw SocketError(.notConnected, operation: .getsockopt)
        }
    }
}
#endif
