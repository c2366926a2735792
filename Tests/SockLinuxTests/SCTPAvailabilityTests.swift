import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// On a kernel without SCTP every SCTP entry point throws `.protocolNotSupported`: the kernel
/// answers EPROTONOSUPPORT for `SOCK_STREAM` and ESOCKTNOSUPPORT for `SOCK_SEQPACKET`.
@Suite("SCTP without kernel support")
struct SCTPAvailabilityTests {
    @Test(.enabled(if: !SCTPTestEnv.available, "this kernel has SCTP; the mapping is checked on kernels without it"))
    func everyEntryPointThrowsProtocolNotSupported() {
        let stream = expectSocketError(.protocolNotSupported) { () throws(SocketError) in
            try SCTPListener("127.0.0.1:0")
        }
        #expect(stream?.errno == EPROTONOSUPPORT)
        #expect(stream?.operation == .socket)

        let seqpacket = expectSocketError(.protocolNotSupported) { () throws(SocketError) in
            try SCTPEndpoint("127.0.0.1:0")
        }
        #expect(seqpacket?.errno == ESOCKTNOSUPPORT)

        let dial = expectSocketError(.protocolNotSupported) { () throws(SocketError) in
            try SCTPDialer(timeout: .seconds(1)).dial(try SCTPAddr(parsing: "127.0.0.1:9"))
        }
        #expect(dial?.errno == EPROTONOSUPPORT)

        expectSocketError(.protocolNotSupported) { () throws(SocketError) in
            try SCTPConn.dial(try SCTPAddr(parsing: "[::1]:9"))
        }
        expectSocketError(.protocolNotSupported) { () throws(SocketError) in
            try SCTPEndpoint(try SCTPAddr(parsing: "[::1]:0"), listen: false)
        }
        // The raw errno values map to the same code (the one errno mapping in SocketError).
        #expect(SocketError.Code(errno: EPROTONOSUPPORT) == .protocolNotSupported)
        #expect(SocketError.Code(errno: ESOCKTNOSUPPORT) == .protocolNotSupported)
    }
}
