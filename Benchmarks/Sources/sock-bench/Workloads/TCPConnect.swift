// tcp-connect: TCP connect + accept + close over loopback. C baseline: baseline/w_tcp_connect.c.

import Sock

/// One op, one thread, against a listener on 127.0.0.1 port 0 made before timing: dial the listener
/// (non-blocking connect, EINPROGRESS -> poll(POLLOUT) -> SO_ERROR, as Sock's dialer does), accept
/// (waiting for readability on `.wouldBlock`), close the accepted connection, then the client.
/// The accepted end closes first so TIME_WAIT stays on the listener's side.
/// To do: Sock's TCPListener, TCPDialer/TCPConn and close().
func tcpConnect(_ parameters: RunParameters) -> Measurement {
    notImplemented("tcp-connect", needs: "Sock's TCPListener, dialer and close")
}
