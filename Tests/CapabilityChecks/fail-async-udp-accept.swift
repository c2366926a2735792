// expect: requires that 'UDPConn' conform to 'Listener'
// expect: has no member 'accept'
import Sock

func check(_ udp: UDPConn) async throws { _ = try await udp.async.accept() }
