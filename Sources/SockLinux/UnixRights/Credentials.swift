#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A process's credentials as Unix sockets carry them: `struct ucred` (`SCM_CREDENTIALS`,
/// `SO_PEERCRED`). Linux-only.
@frozen
public struct Credentials: Sendable, Hashable, CustomStringConvertible {
    /// `pid`: the process id (signed, as `pid_t`).
    public var pid: Int32
    /// `uid`: the user id.
    public var uid: UInt32
    /// `gid`: the group id.
    public var gid: UInt32

    /// Creates credentials. Sending credentials other than one's own needs CAP_SYS_ADMIN (pid) and
    /// CAP_SETUID / CAP_SETGID (uid, gid); otherwise `sendmsg` fails with `.permissionDenied`.
    @inlinable
    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// This process's credentials (`getpid`, `geteuid`, `getegid`).
    public static var current: Credentials {
        Credentials(pid: getpid(), uid: geteuid(), gid: getegid())
    }

    /// Decodes a `struct ucred` at the start of `bytes`; nil when it is shorter than the struct.
    @inlinable
    public init?(decoding bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= LinuxABI.sizeof_ucred,
            let pid = bytes.field(at: LinuxABI.offsetof_ucred_pid, as: Int32.self),
            let uid = bytes.field(at: LinuxABI.offsetof_ucred_uid, as: UInt32.self),
            let gid = bytes.field(at: LinuxABI.offsetof_ucred_gid, as: UInt32.self)
        else { return nil }
        self.init(pid: pid, uid: uid, gid: gid)
    }

    /// Writes the `struct ucred` into `bytes` (at least 12 bytes).
    @inlinable
    func encode(into bytes: UnsafeMutableRawBufferPointer) {
        bytes.storeBytes(of: pid, toByteOffset: LinuxABI.offsetof_ucred_pid, as: Int32.self)
        bytes.storeBytes(of: uid, toByteOffset: LinuxABI.offsetof_ucred_uid, as: UInt32.self)
        bytes.storeBytes(of: gid, toByteOffset: LinuxABI.offsetof_ucred_gid, as: UInt32.self)
    }

    /// `pid=… uid=… gid=…`.
    public var description: String { "pid=\(pid) uid=\(uid) gid=\(gid)" }
}
#endif
