// expect: no exact matches in call to instance method 'send'
// expect: value of type 'TCPConn' has no member 'send'
import Sock

func check(_ tcp: TCPConn, _ to: SockaddrInet4) throws { _ = try tcp.send([1], to: to) }
