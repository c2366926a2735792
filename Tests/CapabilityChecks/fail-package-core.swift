// expect: 'io' is inaccessible due to 'package' protection level
import Sock

func check(_ s: NetSocket) throws { _ = try s.io(.read, .read) { _ in 0 } }
