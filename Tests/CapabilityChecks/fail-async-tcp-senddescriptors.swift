// expect: requires that 'TCPConn' conform to 'UnixSocket'
import Sock

func check(_ tcp: TCPConn) async throws { _ = try await tcp.async.sendDescriptors([0], data: [1]) }
