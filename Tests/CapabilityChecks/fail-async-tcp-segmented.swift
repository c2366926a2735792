// expect: requires the types 'TCPConn' and 'UDPConn' be equivalent
import Sock

func check(_ tcp: TCPConn) async throws { _ = try await tcp.async.sendSegmented([1], segmentSize: 1) }
