// expect: value of type 'UnixDatagramConn' has no member 'peerCredentials'
import Sock
func check(_ gram: UnixDatagramConn) throws { _ = try gram.peerCredentials() }
