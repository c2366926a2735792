// expect: value of type 'UnixListener' has no member 'shutdown'
import Sock

func check(_ listener: UnixListener) throws { try listener.shutdown(.write) }
