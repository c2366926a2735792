// expect: cannot convert value of type 'Int32' to expected argument type 'MessageFlags'
import Sock

func check(_ tcp: TCPConn) throws {
    var b = [UInt8](repeating: 0, count: 8)
    _ = try tcp.read(into: &b, flags: Int32(2))
}
