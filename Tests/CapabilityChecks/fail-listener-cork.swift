// expect: value of type 'TCPListener' has no member 'setCork'
import Sock

func check(_ listener: TCPListener) throws { try listener.setCork(true) }
