// expect: value of type 'TCPConn' has no member 'joinGroup'
import Sock

func check(_ tcp: TCPConn) throws { try tcp.joinGroup(.v4(IPv4Address(239, 0, 0, 1))) }
