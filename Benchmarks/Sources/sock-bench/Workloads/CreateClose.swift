// create-close: TCP socket creation and close. C baseline: baseline/w_create_close.c.

import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op = create an IPv4 TCP socket with `NetSocket(domain:type:protocol:)` (Sock always adds
/// SOCK_NONBLOCK | SOCK_CLOEXEC) and close it explicitly with `close()`. The C baseline does
/// socket() + close() with the same flags. The `NetSocket` object is a class instance: its heap
/// allocation is part of the op and shows in the malloc count.
func createClose(_ parameters: RunParameters) -> Measurement {
    let domain = CInt(AF_INET)
    let type = CInt(SOCK_STREAM.rawValue)
    let proto = CInt(IPPROTO_TCP)
    return measure(parameters) { _ in
        do throws(SocketError) {
            let socket = try NetSocket(domain: domain, type: type, protocol: proto)
            socket.close()
        } catch {
            fail("create-close: \(error)")
        }
    }
}
