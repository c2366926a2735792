// tcp-connect: TCP connect + accept + close over loopback. C baseline: baseline/w_tcp_connect.c.

import Sock

/// One op, one thread, against a `TCPListener` on 127.0.0.1 port 0 made before timing: dial it with
/// `TCPDialer(timeout:)` (non-blocking connect, EINPROGRESS -> poll(POLLOUT) -> SO_ERROR, inside
/// Sock's `finishConnect`), `accept()` (waiting for readability with `waitReady` on `.wouldBlock`),
/// close the accepted connection, then the client. The accepted end closes first so TIME_WAIT
/// stays on the listener's side. Both connections are class instances: their heap allocations are
/// part of the op and show in the malloc count.
func tcpConnect(_ parameters: RunParameters) -> Measurement {
    let listener: TCPListener
    let endpoint: TCPAddr
    do throws(SocketError) {
        listener = try TCPListener(TCPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0), backlog: 4096)
        endpoint = try listener.endpoint()
    } catch {
        fail("tcp-connect: listen: \(error)")
    }
    let dialer = TCPDialer(timeout: .seconds(5))
    let result = measure(parameters) { _ in
        do throws(SocketError) {
            let client = try dialer.dial(endpoint)
            let accepted = try acceptWaiting(listener)
            accepted.close()
            client.close()
        } catch {
            fail("tcp-connect: \(error)")
        }
    }
    listener.close()
    return result
}

/// `accept()`, waiting up to 5 s for readability when nothing is pending yet.
@inline(__always)
private func acceptWaiting(_ listener: TCPListener) throws(SocketError) -> TCPConn {
    while true {
        do throws(SocketError) {
            return try listener.accept()
        } catch  where error.code == .wouldBlock {
            _ = try listener.waitReady(.read, until: .after(.seconds(5)))
        }
    }
}
