// expect: cannot convert value of type 'Int32' to expected argument type 'AddressFamily'
import Sock

func check() throws { _ = try NetSocket(family: Int32(2), type: .stream) }
