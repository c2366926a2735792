// expect: value of type 'UDPConn' has no member 'setNoDelay'
import Sock

func check(_ udp: UDPConn) throws { try udp.setNoDelay(true) }
