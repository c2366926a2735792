// create-close: TCP socket creation and close. C baseline: baseline/w_create_close.c.

import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op = create an IPv4 TCP socket with `NetSocket(family:type:protocol:)` (Sock always adds
/// SOCK_NONBLOCK | SOCK_CLOEXEC) and close it explicitly with `close()`. The C baseline does
/// socket() + close() with the same flags. The `NetSocket` object is a class instance: its heap
/// allocation is part of the op and shows in the malloc count.
func createClose(_ parameters: RunParameters) -> Measurement {
    return measure(parameters) { _ in
        do throws(SocketError) {
            let socket = try NetSocket(family: .inet, type: .stream, protocol: .tcp)
            socket.close()
        } catch {
            fail("create-close: \(error)")
        }
    }
}
