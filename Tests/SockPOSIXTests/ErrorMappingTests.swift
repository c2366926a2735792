import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("SocketError: errno to code")
struct ErrorMappingTests {
    @Test("a socket domain beyond sa_family_t is refused, never wrapped to another family")
    func domainOutOfRange() {
        // 65_538 would wrap to AF_INET (2) in a UInt16.
        let error = expectSocketError(.addressFamilyNotSupported) { () throws(SocketError) in
            _ = try NetSocket(family: AddressFamily(rawValue: 65_538), type: .datagram)
        }
        #expect(error?.errno == EAFNOSUPPORT && error?.operation == .socket)
    }

    @Test("each documented errno maps to its code; an unknown errno is .other and keeps its number")
    func table() {
        let table: [(CInt, SocketError.Code)] = [
            (EAGAIN, .wouldBlock), (EINPROGRESS, .inProgress), (EALREADY, .inProgress), (ETIMEDOUT, .timedOut),
            (EBADF, .closed), (EINTR, .interrupted), (ECONNREFUSED, .connectionRefused),
            (ECONNRESET, .connectionReset), (ECONNABORTED, .connectionReset), (EPIPE, .brokenPipe),
            (ESHUTDOWN, .brokenPipe), (ENOTCONN, .notConnected), (EDESTADDRREQ, .notConnected),
            (EISCONN, .alreadyConnected), (EADDRINUSE, .addressInUse), (EADDRNOTAVAIL, .addressNotAvailable),
            (ENETUNREACH, .networkUnreachable), (ENETDOWN, .networkUnreachable), (EHOSTUNREACH, .hostUnreachable),
            (EHOSTDOWN, .hostUnreachable), (EMSGSIZE, .messageTooLarge), (EPROTONOSUPPORT, .protocolNotSupported),
            (EAFNOSUPPORT, .addressFamilyNotSupported), (EOPNOTSUPP, .notSupported), (ENOPROTOOPT, .notSupported),
            (ENOSYS, .notSupported), (EACCES, .permissionDenied), (EPERM, .permissionDenied),
            (EINVAL, .invalidArgument), (ENOMEM, .noMemory), (ENOBUFS, .noMemory), (EMFILE, .tooManyOpenFiles),
            (ENFILE, .tooManyOpenFiles), (ENOENT, .notFound), (ENODEV, .noSuchDevice), (ENXIO, .noSuchDevice),
            (EBUSY, .other), (ESRCH, .other),
        ]
        for (e, code) in table {
            #expect(SocketError.Code(errno: e) == code, "errno \(e)")
            let error = SocketError(errno: e, operation: .connect)
            #expect(error.code == code && error.errno == e)
        }
        // Every code has its own summary.
        let summaries = Set(SocketError.Code.allCases.map(\.summary))
        #expect(summaries.count == SocketError.Code.allCases.count)
    }

    @Test("dialing a Unix path nobody bound is .notFound (ENOENT), with the path untouched")
    func unixDialMissingPath() throws {
        let path = "/tmp/sock-test-missing-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let error = expectSocketError(.notFound) { try UnixConn.dial(try UnixAddr(name: path, network: .unix)) }
        #expect(error?.errno == ENOENT)
        #expect(access(path, F_OK) != 0)
    }
}
