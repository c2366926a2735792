// expect: requires that 'TCPConn' conform to 'UnixSocket'
import Sock

func check(_ tcp: TCPConn) throws { _ = try tcp.sendDescriptors([0], data: [1]) }
