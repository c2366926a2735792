#if os(Linux)
import SockLinux
import SockPOSIX
import Testing

/// A connected TCP pair over loopback: (client, accepted server side, listener).
func tcpPair(_ address: String = "127.0.0.1:0") throws -> (client: TCPConn, server: TCPConn, listener: TCPListener) {
    let listener = try TCPListener(address)
    let client = try TCPConn.dial(try listener.endpoint())
    try client.finishConnect(until: .after(.seconds(5)))
    listener.setReadDeadline(.after(.seconds(5)))
    let server = try listener.accept()
    return (client, server, listener)
}

/// Moves `count` bytes from `sender` to `receiver` (both non-blocking), writing and reading in
/// turn so neither side's buffer stalls the transfer. Returns the bytes received.
func transfer(_ count: Int, from sender: some Connection, to receiver: some Connection) throws -> Int {
    let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 1)
    let sink = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 1)
    defer {
        payload.deallocate()
        sink.deallocate()
    }
    payload.initializeMemory(as: UInt8.self, repeating: 0x5a)
    var sent = 0
    var received = 0
    let deadline = Deadline.after(.seconds(10))
    while received < count, !deadline.hasExpired {
        if sent < count {
            sent +=
                try nonBlocking { () throws(SocketError) in
                    try sender.write(UnsafeRawBufferPointer(rebasing: payload[sent...]))
                } ?? 0
        }
        guard let n = try nonBlocking({ () throws(SocketError) in try receiver.read(into: sink) }) else {
            _ = try nonBlocking { () throws(SocketError) in
                try receiver.waitReady(.read, until: .after(.milliseconds(20)))
            }
            continue
        }
        if n == 0 { break }
        received += n
    }
    #expect(!deadline.hasExpired, "transfer stalled at \(received)/\(count)")
    return received
}
#endif
