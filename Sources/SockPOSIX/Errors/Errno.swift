#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// errno values. On Linux they come from the generated kernel ABI table of the build's arch; on
/// other systems from the C library.
/// errno values. On Linux they come from the generated kernel ABI table of the build's arch; on
/// other systems from the C library.
@frozen
public enum Errno {
    #if os(Linux)
    @inlinable public static var EPERM: CInt { LinuxABI.EPERM }
    @inlinable public static var ENOENT: CInt { LinuxABI.ENOENT }
    @inlinable public static var EINTR: CInt { LinuxABI.EINTR }
    @inlinable public static var EBADF: CInt { LinuxABI.EBADF }
    @inlinable public static var EAGAIN: CInt { LinuxABI.EAGAIN }
    @inlinable public static var EWOULDBLOCK: CInt { LinuxABI.EWOULDBLOCK }
    @inlinable public static var ENOMEM: CInt { LinuxABI.ENOMEM }
    @inlinable public static var EACCES: CInt { LinuxABI.EACCES }
    @inlinable public static var EFAULT: CInt { LinuxABI.EFAULT }
    @inlinable public static var EINVAL: CInt { LinuxABI.EINVAL }
    @inlinable public static var ENFILE: CInt { LinuxABI.ENFILE }
    @inlinable public static var EMFILE: CInt { LinuxABI.EMFILE }
    @inlinable public static var EPIPE: CInt { LinuxABI.EPIPE }
    @inlinable public static var ENOSYS: CInt { LinuxABI.ENOSYS }
    @inlinable public static var ENOTSOCK: CInt { LinuxABI.ENOTSOCK }
    @inlinable public static var EDESTADDRREQ: CInt { LinuxABI.EDESTADDRREQ }
    @inlinable public static var EMSGSIZE: CInt { LinuxABI.EMSGSIZE }
    @inlinable public static var EPROTOTYPE: CInt { LinuxABI.EPROTOTYPE }
    @inlinable public static var ENOPROTOOPT: CInt { LinuxABI.ENOPROTOOPT }
    @inlinable public static var EPROTONOSUPPORT: CInt { LinuxABI.EPROTONOSUPPORT }
    @inlinable public static var ESOCKTNOSUPPORT: CInt { LinuxABI.ESOCKTNOSUPPORT }
    @inlinable public static var EOPNOTSUPP: CInt { LinuxABI.EOPNOTSUPP }
    @inlinable public static var EPFNOSUPPORT: CInt { LinuxABI.EPFNOSUPPORT }
    @inlinable public static var EAFNOSUPPORT: CInt { LinuxABI.EAFNOSUPPORT }
    @inlinable public static var EADDRINUSE: CInt { LinuxABI.EADDRINUSE }
    @inlinable public static var EADDRNOTAVAIL: CInt { LinuxABI.EADDRNOTAVAIL }
    @inlinable public static var ENETDOWN: CInt { LinuxABI.ENETDOWN }
    @inlinable public static var ENETUNREACH: CInt { LinuxABI.ENETUNREACH }
    @inlinable public static var ECONNABORTED: CInt { LinuxABI.ECONNABORTED }
    @inlinable public static var ECONNRESET: CInt { LinuxABI.ECONNRESET }
    @inlinable public static var ENOBUFS: CInt { LinuxABI.ENOBUFS }
    @inlinable public static var EISCONN: CInt { LinuxABI.EISCONN }
    @inlinable public static var ENOTCONN: CInt { LinuxABI.ENOTCONN }
    @inlinable public static var ESHUTDOWN: CInt { LinuxABI.ESHUTDOWN }
    @inlinable public static var ETIMEDOUT: CInt { LinuxABI.ETIMEDOUT }
    @inlinable public static var ECONNREFUSED: CInt { LinuxABI.ECONNREFUSED }
    @inlinable public static var EHOSTDOWN: CInt { LinuxABI.EHOSTDOWN }
    @inlinable public static var EHOSTUNREACH: CInt { LinuxABI.EHOSTUNREACH }
    @inlinable public static var EALREADY: CInt { LinuxABI.EALREADY }
    @inlinable public static var EINPROGRESS: CInt { LinuxABI.EINPROGRESS }
    @inlinable public static var ENAMETOOLONG: CInt { LinuxABI.ENAMETOOLONG }
    @inlinable public static var ENODEV: CInt { LinuxABI.ENODEV }
    @inlinable public static var ENXIO: CInt { LinuxABI.ENXIO }
    #elseif canImport(Darwin)
    @inlinable public static var EPERM: CInt { Darwin.EPERM }
    @inlinable public static var ENOENT: CInt { Darwin.ENOENT }
    @inlinable public static var EINTR: CInt { Darwin.EINTR }
    @inlinable public static var EBADF: CInt { Darwin.EBADF }
    @inlinable public static var EAGAIN: CInt { Darwin.EAGAIN }
    @inlinable public static var EWOULDBLOCK: CInt { Darwin.EWOULDBLOCK }
    @inlinable public static var ENOMEM: CInt { Darwin.ENOMEM }
    @inlinable public static var EACCES: CInt { Darwin.EACCES }
    @inlinable public static var EFAULT: CInt { Darwin.EFAULT }
    @inlinable public static var EINVAL: CInt { Darwin.EINVAL }
    @inlinable public static var ENFILE: CInt { Darwin.ENFILE }
    @inlinable public static var EMFILE: CInt { Darwin.EMFILE }
    @inlinable public static var EPIPE: CInt { Darwin.EPIPE }
    @inlinable public static var ENOSYS: CInt { Darwin.ENOSYS }
    @inlinable public static var ENOTSOCK: CInt { Darwin.ENOTSOCK }
    @inlinable public static var EDESTADDRREQ: CInt { Darwin.EDESTADDRREQ }
    @inlinable public static var EMSGSIZE: CInt { Darwin.EMSGSIZE }
    @inlinable public static var EPROTOTYPE: CInt { Darwin.EPROTOTYPE }
    @inlinable public static var ENOPROTOOPT: CInt { Darwin.ENOPROTOOPT }
    @inlinable public static var EPROTONOSUPPORT: CInt { Darwin.EPROTONOSUPPORT }
    @inlinable public static var ESOCKTNOSUPPORT: CInt { Darwin.ESOCKTNOSUPPORT }
    @inlinable public static var EOPNOTSUPP: CInt { Darwin.EOPNOTSUPP }
    @inlinable public static var EPFNOSUPPORT: CInt { Darwin.EPFNOSUPPORT }
    @inlinable public static var EAFNOSUPPORT: CInt { Darwin.EAFNOSUPPORT }
    @inlinable public static var EADDRINUSE: CInt { Darwin.EADDRINUSE }
    @inlinable public static var EADDRNOTAVAIL: CInt { Darwin.EADDRNOTAVAIL }
    @inlinable public static var ENETDOWN: CInt { Darwin.ENETDOWN }
    @inlinable public static var ENETUNREACH: CInt { Darwin.ENETUNREACH }
    @inlinable public static var ECONNABORTED: CInt { Darwin.ECONNABORTED }
    @inlinable public static var ECONNRESET: CInt { Darwin.ECONNRESET }
    @inlinable public static var ENOBUFS: CInt { Darwin.ENOBUFS }
    @inlinable public static var EISCONN: CInt { Darwin.EISCONN }
    @inlinable public static var ENOTCONN: CInt { Darwin.ENOTCONN }
    @inlinable public static var ESHUTDOWN: CInt { Darwin.ESHUTDOWN }
    @inlinable public static var ETIMEDOUT: CInt { Darwin.ETIMEDOUT }
    @inlinable public static var ECONNREFUSED: CInt { Darwin.ECONNREFUSED }
    @inlinable public static var EHOSTDOWN: CInt { Darwin.EHOSTDOWN }
    @inlinable public static var EHOSTUNREACH: CInt { Darwin.EHOSTUNREACH }
    @inlinable public static var EALREADY: CInt { Darwin.EALREADY }
    @inlinable public static var EINPROGRESS: CInt { Darwin.EINPROGRESS }
    @inlinable public static var ENAMETOOLONG: CInt { Darwin.ENAMETOOLONG }
    @inlinable public static var ENODEV: CInt { Darwin.ENODEV }
    @inlinable public static var ENXIO: CInt { Darwin.ENXIO }
    #else
    @inlinable public static var EPERM: CInt { Glibc.EPERM }
    @inlinable public static var ENOENT: CInt { Glibc.ENOENT }
    @inlinable public static var EINTR: CInt { Glibc.EINTR }
    @inlinable public static var EBADF: CInt { Glibc.EBADF }
    @inlinable public static var EAGAIN: CInt { Glibc.EAGAIN }
    @inlinable public static var EWOULDBLOCK: CInt { Glibc.EWOULDBLOCK }
    @inlinable public static var ENOMEM: CInt { Glibc.ENOMEM }
    @inlinable public static var EACCES: CInt { Glibc.EACCES }
    @inlinable public static var EFAULT: CInt { Glibc.EFAULT }
    @inlinable public static var EINVAL: CInt { Glibc.EINVAL }
    @inlinable public static var ENFILE: CInt { Glibc.ENFILE }
    @inlinable public static var EMFILE: CInt { Glibc.EMFILE }
    @inlinable public static var EPIPE: CInt { Glibc.EPIPE }
    @inlinable public static var ENOSYS: CInt { Glibc.ENOSYS }
    @inlinable public static var ENOTSOCK: CInt { Glibc.ENOTSOCK }
    @inlinable public static var EDESTADDRREQ: CInt { Glibc.EDESTADDRREQ }
    @inlinable public static var EMSGSIZE: CInt { Glibc.EMSGSIZE }
    @inlinable public static var EPROTOTYPE: CInt { Glibc.EPROTOTYPE }
    @inlinable public static var ENOPROTOOPT: CInt { Glibc.ENOPROTOOPT }
    @inlinable public static var EPROTONOSUPPORT: CInt { Glibc.EPROTONOSUPPORT }
    @inlinable public static var ESOCKTNOSUPPORT: CInt { Glibc.ESOCKTNOSUPPORT }
    @inlinable public static var EOPNOTSUPP: CInt { Glibc.EOPNOTSUPP }
    @inlinable public static var EPFNOSUPPORT: CInt { Glibc.EPFNOSUPPORT }
    @inlinable public static var EAFNOSUPPORT: CInt { Glibc.EAFNOSUPPORT }
    @inlinable public static var EADDRINUSE: CInt { Glibc.EADDRINUSE }
    @inlinable public static var EADDRNOTAVAIL: CInt { Glibc.EADDRNOTAVAIL }
    @inlinable public static var ENETDOWN: CInt { Glibc.ENETDOWN }
    @inlinable public static var ENETUNREACH: CInt { Glibc.ENETUNREACH }
    @inlinable public static var ECONNABORTED: CInt { Glibc.ECONNABORTED }
    @inlinable public static var ECONNRESET: CInt { Glibc.ECONNRESET }
    @inlinable public static var ENOBUFS: CInt { Glibc.ENOBUFS }
    @inlinable public static var EISCONN: CInt { Glibc.EISCONN }
    @inlinable public static var ENOTCONN: CInt { Glibc.ENOTCONN }
    @inlinable public static var ESHUTDOWN: CInt { Glibc.ESHUTDOWN }
    @inlinable public static var ETIMEDOUT: CInt { Glibc.ETIMEDOUT }
    @inlinable public static var ECONNREFUSED: CInt { Glibc.ECONNREFUSED }
    @inlinable public static var EHOSTDOWN: CInt { Glibc.EHOSTDOWN }
    @inlinable public static var EHOSTUNREACH: CInt { Glibc.EHOSTUNREACH }
    @inlinable public static var EALREADY: CInt { Glibc.EALREADY }
    @inlinable public static var EINPROGRESS: CInt { Glibc.EINPROGRESS }
    @inlinable public static var ENAMETOOLONG: CInt { Glibc.ENAMETOOLONG }
    @inlinable public static var ENODEV: CInt { Glibc.ENODEV }
    @inlinable public static var ENXIO: CInt { Glibc.ENXIO }
    #endif

    /// The C name of an errno value, for descriptions (`ECONNREFUSED`), or nil when unknown.
    public static func name(_ value: CInt) -> String? {
        switch value {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case EINTR: return "EINTR"
        case EBADF: return "EBADF"
        case EAGAIN: return "EAGAIN"
        case EWOULDBLOCK: return "EWOULDBLOCK"
        case ENOMEM: return "ENOMEM"
        case EACCES: return "EACCES"
        case EFAULT: return "EFAULT"
        case EINVAL: return "EINVAL"
        case ENFILE: return "ENFILE"
        case EMFILE: return "EMFILE"
        case EPIPE: return "EPIPE"
        case ENOSYS: return "ENOSYS"
        case ENOTSOCK: return "ENOTSOCK"
        case EDESTADDRREQ: return "EDESTADDRREQ"
        case EMSGSIZE: return "EMSGSIZE"
        case EPROTOTYPE: return "EPROTOTYPE"
        case ENOPROTOOPT: return "ENOPROTOOPT"
        case EPROTONOSUPPORT: return "EPROTONOSUPPORT"
        case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT"
        case EOPNOTSUPP: return "EOPNOTSUPP"
        case EPFNOSUPPORT: return "EPFNOSUPPORT"
        case EAFNOSUPPORT: return "EAFNOSUPPORT"
        case EADDRINUSE: return "EADDRINUSE"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case ENETDOWN: return "ENETDOWN"
        case ENETUNREACH: return "ENETUNREACH"
        case ECONNABORTED: return "ECONNABORTED"
        case ECONNRESET: return "ECONNRESET"
        case ENOBUFS: return "ENOBUFS"
        case EISCONN: return "EISCONN"
        case ENOTCONN: return "ENOTCONN"
        case ESHUTDOWN: return "ESHUTDOWN"
        case ETIMEDOUT: return "ETIMEDOUT"
        case ECONNREFUSED: return "ECONNREFUSED"
        case EHOSTDOWN: return "EHOSTDOWN"
        case EHOSTUNREACH: return "EHOSTUNREACH"
        case EALREADY: return "EALREADY"
        case EINPROGRESS: return "EINPROGRESS"
        case ENAMETOOLONG: return "ENAMETOOLONG"
        case ENODEV: return "ENODEV"
        case ENXIO: return "ENXIO"
        default: return nil
        }
    }
}
