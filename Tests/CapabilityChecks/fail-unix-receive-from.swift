// expect: value of type 'UnixConn' has no member 'receive'
import Sock

func check(_ conn: UnixConn) throws {
    var b = [UInt8](repeating: 0, count: 8)
    _ = try conn.receive(into: &b)
}
