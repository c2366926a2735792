// expect: value of type 'UDPConn' has no member 'peerCredentials'
import Sock

func check(_ udp: UDPConn) throws { _ = try udp.peerCredentials() }
