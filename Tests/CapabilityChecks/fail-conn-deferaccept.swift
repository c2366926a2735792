// expect: value of type 'TCPConn' has no member 'setDeferAccept'
import Sock

func check(_ tcp: TCPConn) throws { try tcp.setDeferAccept(.seconds(1)) }
