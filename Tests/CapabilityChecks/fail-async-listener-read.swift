// expect: requires that 'TCPListener' conform to 'Connection'
// expect: has no member 'read'
import Sock

func check(_ listener: TCPListener) async throws {
    var b = [UInt8](repeating: 0, count: 8)
    _ = try await listener.async.read(into: &b)
}
