// expect: value of type 'TCPListener' has no member 'write'
import Sock

func check(_ listener: TCPListener) throws { _ = try listener.write([1, 2, 3]) }
