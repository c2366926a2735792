// expect: value of type 'TCPConn' has no member 'setSCTPNoDelay'
import Sock

func check(_ tcp: TCPConn) throws { try tcp.setSCTPNoDelay(true) }
