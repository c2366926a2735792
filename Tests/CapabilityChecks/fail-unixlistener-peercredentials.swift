// expect: value of type 'UnixListener' has no member 'peerCredentials'
import Sock

func check(_ listener: UnixListener) throws { _ = try listener.peerCredentials() }
