// expect: value of type 'UnixListener' has no member 'peerPidfd'
import Sock
func check(_ listener: UnixListener) throws { _ = try listener.peerPidfd() }
