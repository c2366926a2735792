// expect: value of type 'UDPConn' has no member 'setKeepAlive'
import Sock

func check(_ udp: UDPConn) throws { try udp.setKeepAlive(true) }
