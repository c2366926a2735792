// expect: value of type 'TCPConn' has no member 'setSegmentSize'
import Sock

func check(_ tcp: TCPConn) throws { try tcp.setSegmentSize(1400) }
