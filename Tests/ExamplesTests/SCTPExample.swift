#if os(Linux)
import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SCTPExample {
    /// Whether this kernel has SCTP (this machine's CI kernel has none; the SCTP VM run has it).
    static var kernelHasSCTP: Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 132)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }

    @Test func associationWithStreams() throws {
        guard SCTPExample.kernelHasSCTP else {
            print("SKIP: this kernel has no SCTP (socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) failed)")
            try Test.cancel("this kernel has no SCTP")
        }
        // README: sctp
        // One-to-one style (SOCK_STREAM), like TCP, but messages keep their boundaries.
        let listener = try SCTPListener("127.0.0.1:0")
        let client = try SCTPDialer(timeout: .seconds(5)).dial(try listener.endpoint())
        listener.setReadDeadline(.after(.seconds(5)))
        let conn = try listener.accept()

        // Each message can carry a stream number and a payload protocol identifier.
        _ = try client.sendMessage(Array("hello sctp".utf8), info: SCTPSendInfo(stream: 1, payloadProtocolID: 42))
        var buffer = [UInt8](repeating: 0, count: 1500)
        conn.setReadDeadline(.after(.seconds(5)))
        let message = try conn.receiveMessage(into: &buffer)
        // message.count == 10, message.isComplete, message.info?.stream == 1
        // END README

        #expect(message.count == 10)
        #expect(message.isComplete)
        #expect(message.info?.stream == 1)
        #expect(message.info?.payloadProtocolID == 42)
        conn.close()
        client.close()
        listener.close()
    }

    @Test func withoutKernelSupportTheErrorSaysSo() throws {
        guard !SCTPExample.kernelHasSCTP else {
            print("SKIP: this kernel has SCTP; the error path is checked on kernels without it")
            try Test.cancel("this kernel has SCTP")
        }
        do throws(SocketError) {
            _ = try SCTPListener("127.0.0.1:0")
            Issue.record("SCTPListener succeeded on a kernel without SCTP")
        } catch {
            #expect(error.code == .protocolNotSupported)
        }
    }
}
#endif
