// expect: compiles
// Positive control for the async snippets: the same kinds of calls on the socket types that have
// the capability compile.
import Sock

func check(
    tcp: TCPConn,
    listener: TCPListener,
    udp: UDPConn,
    raw: RawConn,
    unix: UnixConn,
    gram: UnixDatagramConn,
    batch: UDPBatch,
    socket: NetSocket
) async throws {
    var b = [UInt8](repeating: 0, count: 8)
    var c = [UInt8](repeating: 0, count: 64)
    var fds = [CInt](repeating: -1, count: 2)
    _ = try await listener.async.accept()
    _ = try await tcp.async.read(into: &b)
    _ = try await unix.async.sendDescriptors([0], data: [1])
    _ = try await unix.async.receiveDescriptors(into: &b, descriptors: &fds)
    _ = try await gram.async.sendCredentials([1])
    _ = try await udp.async.receiveError(into: &b, control: &c)
    _ = try await tcp.async.receiveError(into: &b, control: &c)
    _ = try await raw.async.receiveError(into: &b, control: &c)
    _ = try await udp.async.sendSegmented([1], segmentSize: 1)
    _ = try await udp.async.receiveMessages(batch)
    _ = try await gram.async.receiveMessages(batch, keepingDescriptors: true)
    _ = try await raw.async.sendMessages(batch, count: 1)
    _ = try await udp.async.send([1], to: "127.0.0.1:9")
    _ = try await raw.async.send([1], to: "127.0.0.1")
    _ = try await gram.async.send([1], to: "@name")
    _ = try await socket.async.accept()
    _ = try await tcp.async.readv(UnsafeBufferPointer(start: nil, count: 0))
}
