import SockLinux
import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Whether this kernel has SCTP, and whether the SCTP tests must run anyway.
///
/// * The SCTP suites are enabled when the kernel has SCTP, or when `SOCK_REQUIRE_SCTP=1` (the VM
///   run sets it): then a missing SCTP makes them fail instead of skip.
/// * Otherwise they are skipped, and swift-testing prints the reason below.
enum SCTPTestEnv {
    /// `socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)` works here.
    static let available: Bool = {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 132)
        if fd >= 0 { close(fd) }
        return fd >= 0
    }()

    /// `SOCK_REQUIRE_SCTP=1`: a kernel without SCTP is a failure, not a skip.
    static let required: Bool = getenv("SOCK_REQUIRE_SCTP").map { String(cString: $0) == "1" } ?? false

    /// `SOCK_SCTP_VM=1`: running inside the throw-away SCTP VM (scripts/sctp-tests.sh sets it),
    /// where a test may change the network configuration.
    static let inVM: Bool = getenv("SOCK_SCTP_VM").map { String(cString: $0) == "1" } ?? false

    /// Whether the SCTP suites run.
    static var shouldRun: Bool { available || required }

    /// Printed by swift-testing when the SCTP suites are skipped.
    static let skipReason = Comment(
        rawValue: "this kernel has no SCTP (socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP) failed); "
            + "run scripts/sctp-tests.sh to test SCTP in a VM, or set SOCK_REQUIRE_SCTP=1 to fail instead"
    )
}

/// A connected one-to-one pair over loopback: the dialed client and the accepted server side.
struct SCTPPair {
    let listener: SCTPListener
    let client: SCTPConn
    let server: SCTPConn

    /// Listens on `host` port 0, dials it (waiting for the handshake) and accepts.
    init(
        host: String = "127.0.0.1",
        listenerInit: SCTPInitMessage? = nil,
        dialer: SCTPDialer = SCTPDialer(timeout: .seconds(5)),
        prepareListener: (SCTPListener) throws(SocketError) -> Void = { _ in }
    ) throws(SocketError) {
        let literal = host.contains(":") ? "[\(host)]:0" : "\(host):0"
        listener = try SCTPListener(literal, initMessage: listenerInit)
        try prepareListener(listener)
        client = try dialer.dial(try listener.endpoint())
        listener.setReadDeadline(.after(.seconds(5)))
        server = try listener.accept()
        client.setDeadline(.after(.seconds(10)))
        server.setDeadline(.after(.seconds(10)))
    }

    func close() {
        client.close()
        server.close()
        listener.close()
    }
}

/// Receives the next complete message (or notification) into a fresh buffer.
func receiveWhole(
    _ socket: some SCTPSocket,
    capacity: Int = 65536
) throws(SocketError) -> (bytes: [UInt8], message: SCTPMessage) {
    var bytes = [UInt8](repeating: 0, count: capacity)
    let message = try socket.receiveMessage(into: &bytes)
    return (Array(bytes[0..<message.count]), message)
}

/// Receives until a notification arrives, skipping data messages before it.
func nextNotification(_ socket: some SCTPSocket) throws(SocketError) -> SCTPNotification {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let message = try socket.receiveMessage(into: &buffer)
        guard message.isNotification else { continue }
        return try buffer.withUnsafeBufferPointer {
            (raw: UnsafeBufferPointer<UInt8>) throws(SocketError) -> SCTPNotification in
            try SCTPNotification(
                decoding: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: raw[0..<message.count]))
            )
        }
    }
}
