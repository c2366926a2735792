// expect: requires that 'TCPConn' conform to 'DatagramSocket'
// expect: value of type 'TCPConn' has no member 'setBroadcast'
import Sock

func check(_ tcp: TCPConn) throws { try tcp.setBroadcast(true) }
