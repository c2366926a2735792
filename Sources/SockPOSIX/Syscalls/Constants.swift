#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The C constants the portable core uses, in one place. On Linux every value comes from the
/// generated kernel ABI table of the build's arch; elsewhere from the C library (a constant that
/// does not exist on that system is 0, and the code using it says how it copes).
@usableFromInline
package enum SC {
    #if os(Linux)
    @inlinable package static var AF_UNSPEC: CInt { CInt(LinuxABI.AF_UNSPEC) }
    @inlinable package static var AF_UNIX: CInt { CInt(LinuxABI.AF_UNIX) }
    @inlinable package static var AF_INET: CInt { CInt(LinuxABI.AF_INET) }
    @inlinable package static var AF_INET6: CInt { CInt(LinuxABI.AF_INET6) }
    @inlinable package static var SOCK_STREAM: CInt { CInt(LinuxABI.SOCK_STREAM) }
    @inlinable package static var SOCK_DGRAM: CInt { CInt(LinuxABI.SOCK_DGRAM) }
    @inlinable package static var SOCK_RAW: CInt { CInt(LinuxABI.SOCK_RAW) }
    @inlinable package static var SOCK_SEQPACKET: CInt { CInt(LinuxABI.SOCK_SEQPACKET) }
    @inlinable package static var SOCK_NONBLOCK: CInt { CInt(LinuxABI.SOCK_NONBLOCK) }
    @inlinable package static var SOCK_CLOEXEC: CInt { CInt(LinuxABI.SOCK_CLOEXEC) }
    @inlinable package static var SOL_SOCKET: CInt { CInt(LinuxABI.SOL_SOCKET) }
    @inlinable package static var SO_REUSEADDR: CInt { CInt(LinuxABI.SO_REUSEADDR) }
    @inlinable package static var SO_REUSEPORT: CInt { CInt(LinuxABI.SO_REUSEPORT) }
    @inlinable package static var SO_KEEPALIVE: CInt { CInt(LinuxABI.SO_KEEPALIVE) }
    @inlinable package static var SO_BROADCAST: CInt { CInt(LinuxABI.SO_BROADCAST) }
    @inlinable package static var SO_SNDBUF: CInt { CInt(LinuxABI.SO_SNDBUF) }
    @inlinable package static var SO_RCVBUF: CInt { CInt(LinuxABI.SO_RCVBUF) }
    @inlinable package static var SO_ERROR: CInt { CInt(LinuxABI.SO_ERROR) }
    @inlinable package static var SO_TYPE: CInt { CInt(LinuxABI.SO_TYPE) }
    @inlinable package static var SO_LINGER: CInt { CInt(LinuxABI.SO_LINGER) }
    @inlinable package static var SO_DOMAIN: CInt { CInt(LinuxABI.SO_DOMAIN) }
    @inlinable package static var SO_PROTOCOL: CInt { CInt(LinuxABI.SO_PROTOCOL) }
    @inlinable package static var SO_ACCEPTCONN: CInt { CInt(LinuxABI.SO_ACCEPTCONN) }
    @inlinable package static var SO_RCVLOWAT: CInt { CInt(LinuxABI.SO_RCVLOWAT) }
    @inlinable package static var SO_SNDLOWAT: CInt { CInt(LinuxABI.SO_SNDLOWAT) }
    @inlinable package static var SO_OOBINLINE: CInt { CInt(LinuxABI.SO_OOBINLINE) }
    @inlinable package static var SO_DONTROUTE: CInt { CInt(LinuxABI.SO_DONTROUTE) }
    @inlinable package static var IPPROTO_IP: CInt { CInt(LinuxABI.IPPROTO_IP) }
    @inlinable package static var IPPROTO_IPV6: CInt { CInt(LinuxABI.IPPROTO_IPV6) }
    @inlinable package static var IPPROTO_TCP: CInt { CInt(LinuxABI.IPPROTO_TCP) }
    @inlinable package static var IPPROTO_UDP: CInt { CInt(LinuxABI.IPPROTO_UDP) }
    @inlinable package static var IPPROTO_ICMP: CInt { CInt(LinuxABI.IPPROTO_ICMP) }
    @inlinable package static var IPPROTO_ICMPV6: CInt { CInt(LinuxABI.IPPROTO_ICMPV6) }
    @inlinable package static var IPPROTO_RAW: CInt { CInt(LinuxABI.IPPROTO_RAW) }
    @inlinable package static var TCP_NODELAY: CInt { CInt(LinuxABI.TCP_NODELAY) }
    @inlinable package static var TCP_KEEPIDLE: CInt { CInt(LinuxABI.TCP_KEEPIDLE) }
    @inlinable package static var TCP_KEEPINTVL: CInt { CInt(LinuxABI.TCP_KEEPINTVL) }
    @inlinable package static var TCP_KEEPCNT: CInt { CInt(LinuxABI.TCP_KEEPCNT) }
    @inlinable package static var IP_TTL: CInt { CInt(LinuxABI.IP_TTL) }
    @inlinable package static var IP_TOS: CInt { CInt(LinuxABI.IP_TOS) }
    @inlinable package static var IP_HDRINCL: CInt { CInt(LinuxABI.IP_HDRINCL) }
    @inlinable package static var IPV6_V6ONLY: CInt { CInt(LinuxABI.IPV6_V6ONLY) }
    @inlinable package static var IPV6_UNICAST_HOPS: CInt { CInt(LinuxABI.IPV6_UNICAST_HOPS) }
    @inlinable package static var IPV6_TCLASS: CInt { CInt(LinuxABI.IPV6_TCLASS) }
    @inlinable package static var MSG_PEEK: CInt { CInt(LinuxABI.MSG_PEEK) }
    @inlinable package static var MSG_TRUNC: CInt { CInt(LinuxABI.MSG_TRUNC) }
    @inlinable package static var MSG_CTRUNC: CInt { CInt(LinuxABI.MSG_CTRUNC) }
    @inlinable package static var MSG_DONTWAIT: CInt { CInt(LinuxABI.MSG_DONTWAIT) }
    @inlinable package static var MSG_WAITALL: CInt { CInt(LinuxABI.MSG_WAITALL) }
    @inlinable package static var MSG_NOSIGNAL: CInt { CInt(LinuxABI.MSG_NOSIGNAL) }
    @inlinable package static var MSG_CMSG_CLOEXEC: CInt { CInt(LinuxABI.MSG_CMSG_CLOEXEC) }
    @inlinable package static var MSG_OOB: CInt { CInt(LinuxABI.MSG_OOB) }
    @inlinable package static var MSG_EOR: CInt { CInt(LinuxABI.MSG_EOR) }
    @inlinable package static var MSG_WAITFORONE: CInt { CInt(LinuxABI.MSG_WAITFORONE) }
    @inlinable package static var MSG_ERRQUEUE: CInt { CInt(LinuxABI.MSG_ERRQUEUE) }
    @inlinable package static var SHUT_RD: CInt { CInt(LinuxABI.SHUT_RD) }
    @inlinable package static var SHUT_WR: CInt { CInt(LinuxABI.SHUT_WR) }
    @inlinable package static var SHUT_RDWR: CInt { CInt(LinuxABI.SHUT_RDWR) }
    @inlinable package static var POLLIN: CInt { CInt(LinuxABI.POLLIN) }
    @inlinable package static var POLLOUT: CInt { CInt(LinuxABI.POLLOUT) }
    @inlinable package static var POLLERR: CInt { CInt(LinuxABI.POLLERR) }
    @inlinable package static var POLLHUP: CInt { CInt(LinuxABI.POLLHUP) }
    @inlinable package static var POLLPRI: CInt { CInt(LinuxABI.POLLPRI) }
    @inlinable package static var POLLNVAL: CInt { CInt(LinuxABI.POLLNVAL) }
    @inlinable package static var F_GETFL: CInt { CInt(LinuxABI.F_GETFL) }
    @inlinable package static var F_SETFL: CInt { CInt(LinuxABI.F_SETFL) }
    @inlinable package static var F_DUPFD_CLOEXEC: CInt { CInt(LinuxABI.F_DUPFD_CLOEXEC) }
    @inlinable package static var F_GETFD: CInt { CInt(LinuxABI.F_GETFD) }
    @inlinable package static var F_SETFD: CInt { CInt(LinuxABI.F_SETFD) }
    @inlinable package static var O_NONBLOCK: CInt { CInt(LinuxABI.O_NONBLOCK) }
    @inlinable package static var FD_CLOEXEC: CInt { CInt(LinuxABI.FD_CLOEXEC) }
    #else
    @inlinable package static var AF_UNSPEC: CInt { CInt(libcValue_AF_UNSPEC) }
    @inlinable package static var AF_UNIX: CInt { CInt(libcValue_AF_UNIX) }
    @inlinable package static var AF_INET: CInt { CInt(libcValue_AF_INET) }
    @inlinable package static var AF_INET6: CInt { CInt(libcValue_AF_INET6) }
    @inlinable package static var SOCK_STREAM: CInt { CInt(libcValue_SOCK_STREAM) }
    @inlinable package static var SOCK_DGRAM: CInt { CInt(libcValue_SOCK_DGRAM) }
    @inlinable package static var SOCK_RAW: CInt { CInt(libcValue_SOCK_RAW) }
    @inlinable package static var SOCK_SEQPACKET: CInt { CInt(libcValue_SOCK_SEQPACKET) }
    @inlinable package static var SOCK_NONBLOCK: CInt { 0 }
    @inlinable package static var SOCK_CLOEXEC: CInt { 0 }
    @inlinable package static var SOL_SOCKET: CInt { CInt(libcValue_SOL_SOCKET) }
    @inlinable package static var SO_REUSEADDR: CInt { CInt(libcValue_SO_REUSEADDR) }
    @inlinable package static var SO_REUSEPORT: CInt { CInt(libcValue_SO_REUSEPORT) }
    @inlinable package static var SO_KEEPALIVE: CInt { CInt(libcValue_SO_KEEPALIVE) }
    @inlinable package static var SO_BROADCAST: CInt { CInt(libcValue_SO_BROADCAST) }
    @inlinable package static var SO_SNDBUF: CInt { CInt(libcValue_SO_SNDBUF) }
    @inlinable package static var SO_RCVBUF: CInt { CInt(libcValue_SO_RCVBUF) }
    @inlinable package static var SO_ERROR: CInt { CInt(libcValue_SO_ERROR) }
    @inlinable package static var SO_TYPE: CInt { CInt(libcValue_SO_TYPE) }
    @inlinable package static var SO_LINGER: CInt { CInt(libcValue_SO_LINGER) }
    @inlinable package static var SO_DOMAIN: CInt { 0 }
    @inlinable package static var SO_PROTOCOL: CInt { 0 }
    @inlinable package static var SO_ACCEPTCONN: CInt { CInt(libcValue_SO_ACCEPTCONN) }
    @inlinable package static var SO_RCVLOWAT: CInt { CInt(libcValue_SO_RCVLOWAT) }
    @inlinable package static var SO_SNDLOWAT: CInt { CInt(libcValue_SO_SNDLOWAT) }
    @inlinable package static var SO_OOBINLINE: CInt { CInt(libcValue_SO_OOBINLINE) }
    @inlinable package static var SO_DONTROUTE: CInt { CInt(libcValue_SO_DONTROUTE) }
    @inlinable package static var IPPROTO_IP: CInt { CInt(libcValue_IPPROTO_IP) }
    @inlinable package static var IPPROTO_IPV6: CInt { CInt(libcValue_IPPROTO_IPV6) }
    @inlinable package static var IPPROTO_TCP: CInt { CInt(libcValue_IPPROTO_TCP) }
    @inlinable package static var IPPROTO_UDP: CInt { CInt(libcValue_IPPROTO_UDP) }
    @inlinable package static var IPPROTO_ICMP: CInt { CInt(libcValue_IPPROTO_ICMP) }
    @inlinable package static var IPPROTO_ICMPV6: CInt { CInt(libcValue_IPPROTO_ICMPV6) }
    @inlinable package static var IPPROTO_RAW: CInt { CInt(libcValue_IPPROTO_RAW) }
    @inlinable package static var TCP_NODELAY: CInt { CInt(libcValue_TCP_NODELAY) }
    @inlinable package static var TCP_KEEPIDLE: CInt { CInt(libcValue_TCP_KEEPIDLE) }
    @inlinable package static var TCP_KEEPINTVL: CInt { CInt(libcValue_TCP_KEEPINTVL) }
    @inlinable package static var TCP_KEEPCNT: CInt { CInt(libcValue_TCP_KEEPCNT) }
    @inlinable package static var IP_TTL: CInt { CInt(libcValue_IP_TTL) }
    @inlinable package static var IP_TOS: CInt { CInt(libcValue_IP_TOS) }
    @inlinable package static var IP_HDRINCL: CInt { CInt(libcValue_IP_HDRINCL) }
    @inlinable package static var IPV6_V6ONLY: CInt { CInt(libcValue_IPV6_V6ONLY) }
    @inlinable package static var IPV6_UNICAST_HOPS: CInt { CInt(libcValue_IPV6_UNICAST_HOPS) }
    @inlinable package static var IPV6_TCLASS: CInt { CInt(libcValue_IPV6_TCLASS) }
    @inlinable package static var MSG_PEEK: CInt { CInt(libcValue_MSG_PEEK) }
    @inlinable package static var MSG_TRUNC: CInt { CInt(libcValue_MSG_TRUNC) }
    @inlinable package static var MSG_CTRUNC: CInt { CInt(libcValue_MSG_CTRUNC) }
    @inlinable package static var MSG_DONTWAIT: CInt { CInt(libcValue_MSG_DONTWAIT) }
    @inlinable package static var MSG_WAITALL: CInt { CInt(libcValue_MSG_WAITALL) }
    @inlinable package static var MSG_NOSIGNAL: CInt { 0 }
    @inlinable package static var MSG_CMSG_CLOEXEC: CInt { 0 }
    @inlinable package static var MSG_OOB: CInt { CInt(libcValue_MSG_OOB) }
    @inlinable package static var MSG_EOR: CInt { CInt(libcValue_MSG_EOR) }
    @inlinable package static var MSG_WAITFORONE: CInt { 0 }
    @inlinable package static var MSG_ERRQUEUE: CInt { 0 }
    @inlinable package static var SHUT_RD: CInt { CInt(libcValue_SHUT_RD) }
    @inlinable package static var SHUT_WR: CInt { CInt(libcValue_SHUT_WR) }
    @inlinable package static var SHUT_RDWR: CInt { CInt(libcValue_SHUT_RDWR) }
    @inlinable package static var POLLIN: CInt { CInt(libcValue_POLLIN) }
    @inlinable package static var POLLOUT: CInt { CInt(libcValue_POLLOUT) }
    @inlinable package static var POLLERR: CInt { CInt(libcValue_POLLERR) }
    @inlinable package static var POLLHUP: CInt { CInt(libcValue_POLLHUP) }
    @inlinable package static var POLLPRI: CInt { CInt(libcValue_POLLPRI) }
    @inlinable package static var POLLNVAL: CInt { CInt(libcValue_POLLNVAL) }
    @inlinable package static var F_GETFL: CInt { CInt(libcValue_F_GETFL) }
    @inlinable package static var F_SETFL: CInt { CInt(libcValue_F_SETFL) }
    @inlinable package static var F_DUPFD_CLOEXEC: CInt { CInt(libcValue_F_DUPFD_CLOEXEC) }
    @inlinable package static var F_GETFD: CInt { CInt(libcValue_F_GETFD) }
    @inlinable package static var F_SETFD: CInt { CInt(libcValue_F_SETFD) }
    @inlinable package static var O_NONBLOCK: CInt { CInt(libcValue_O_NONBLOCK) }
    @inlinable package static var FD_CLOEXEC: CInt { CInt(libcValue_FD_CLOEXEC) }
    #endif
}

#if !os(Linux)
@usableFromInline let libcValue_AF_UNSPEC = AF_UNSPEC
@usableFromInline let libcValue_AF_UNIX = AF_UNIX
@usableFromInline let libcValue_AF_INET = AF_INET
@usableFromInline let libcValue_AF_INET6 = AF_INET6
@usableFromInline let libcValue_SOCK_STREAM = SOCK_STREAM
@usableFromInline let libcValue_SOCK_DGRAM = SOCK_DGRAM
@usableFromInline let libcValue_SOCK_RAW = SOCK_RAW
@usableFromInline let libcValue_SOCK_SEQPACKET = SOCK_SEQPACKET
@usableFromInline let libcValue_SOL_SOCKET = SOL_SOCKET
@usableFromInline let libcValue_SO_REUSEADDR = SO_REUSEADDR
@usableFromInline let libcValue_SO_REUSEPORT = SO_REUSEPORT
@usableFromInline let libcValue_SO_KEEPALIVE = SO_KEEPALIVE
@usableFromInline let libcValue_SO_BROADCAST = SO_BROADCAST
@usableFromInline let libcValue_SO_SNDBUF = SO_SNDBUF
@usableFromInline let libcValue_SO_RCVBUF = SO_RCVBUF
@usableFromInline let libcValue_SO_ERROR = SO_ERROR
@usableFromInline let libcValue_SO_TYPE = SO_TYPE
@usableFromInline let libcValue_SO_LINGER = SO_LINGER
@usableFromInline let libcValue_SO_ACCEPTCONN = SO_ACCEPTCONN
@usableFromInline let libcValue_SO_RCVLOWAT = SO_RCVLOWAT
@usableFromInline let libcValue_SO_SNDLOWAT = SO_SNDLOWAT
@usableFromInline let libcValue_SO_OOBINLINE = SO_OOBINLINE
@usableFromInline let libcValue_SO_DONTROUTE = SO_DONTROUTE
@usableFromInline let libcValue_IPPROTO_IP = IPPROTO_IP
@usableFromInline let libcValue_IPPROTO_IPV6 = IPPROTO_IPV6
@usableFromInline let libcValue_IPPROTO_TCP = IPPROTO_TCP
@usableFromInline let libcValue_IPPROTO_UDP = IPPROTO_UDP
@usableFromInline let libcValue_IPPROTO_ICMP = IPPROTO_ICMP
@usableFromInline let libcValue_IPPROTO_ICMPV6 = IPPROTO_ICMPV6
@usableFromInline let libcValue_IPPROTO_RAW = IPPROTO_RAW
@usableFromInline let libcValue_TCP_NODELAY = TCP_NODELAY
@usableFromInline let libcValue_TCP_KEEPIDLE = TCP_KEEPIDLE
@usableFromInline let libcValue_TCP_KEEPINTVL = TCP_KEEPINTVL
@usableFromInline let libcValue_TCP_KEEPCNT = TCP_KEEPCNT
@usableFromInline let libcValue_IP_TTL = IP_TTL
@usableFromInline let libcValue_IP_TOS = IP_TOS
@usableFromInline let libcValue_IP_HDRINCL = IP_HDRINCL
@usableFromInline let libcValue_IPV6_V6ONLY = IPV6_V6ONLY
@usableFromInline let libcValue_IPV6_UNICAST_HOPS = IPV6_UNICAST_HOPS
@usableFromInline let libcValue_IPV6_TCLASS = IPV6_TCLASS
@usableFromInline let libcValue_MSG_PEEK = MSG_PEEK
@usableFromInline let libcValue_MSG_TRUNC = MSG_TRUNC
@usableFromInline let libcValue_MSG_CTRUNC = MSG_CTRUNC
@usableFromInline let libcValue_MSG_DONTWAIT = MSG_DONTWAIT
@usableFromInline let libcValue_MSG_WAITALL = MSG_WAITALL
@usableFromInline let libcValue_MSG_OOB = MSG_OOB
@usableFromInline let libcValue_MSG_EOR = MSG_EOR
@usableFromInline let libcValue_SHUT_RD = SHUT_RD
@usableFromInline let libcValue_SHUT_WR = SHUT_WR
@usableFromInline let libcValue_SHUT_RDWR = SHUT_RDWR
@usableFromInline let libcValue_POLLIN = POLLIN
@usableFromInline let libcValue_POLLOUT = POLLOUT
@usableFromInline let libcValue_POLLERR = POLLERR
@usableFromInline let libcValue_POLLHUP = POLLHUP
@usableFromInline let libcValue_POLLPRI = POLLPRI
@usableFromInline let libcValue_POLLNVAL = POLLNVAL
@usableFromInline let libcValue_F_GETFL = F_GETFL
@usableFromInline let libcValue_F_SETFL = F_SETFL
@usableFromInline let libcValue_F_DUPFD_CLOEXEC = F_DUPFD_CLOEXEC
@usableFromInline let libcValue_F_GETFD = F_GETFD
@usableFromInline let libcValue_F_SETFD = F_SETFD
@usableFromInline let libcValue_O_NONBLOCK = O_NONBLOCK
@usableFromInline let libcValue_FD_CLOEXEC = FD_CLOEXEC
#endif
