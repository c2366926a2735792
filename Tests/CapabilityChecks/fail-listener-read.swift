// expect: value of type 'UnixListener' has no member 'read'
import Sock

func check(_ listener: UnixListener) throws {
    var b = [UInt8](repeating: 0, count: 8)
    _ = try listener.read(into: &b)
}
