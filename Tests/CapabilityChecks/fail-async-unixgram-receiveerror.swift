// expect: requires that 'UnixDatagramConn' conform to 'IPSocket'
import Sock

func check(_ gram: UnixDatagramConn) async throws {
    var b = [UInt8](repeating: 0, count: 8)
    var c = [UInt8](repeating: 0, count: 64)
    _ = try await gram.async.receiveError(into: &b, control: &c)
}
