// udp-drain: the UDP receive path alone. C baseline: baseline/w_udp_drain.c.

import Sock

/// One op = one datagram received. A connected UDP sender fills the receiver's queue on 127.0.0.1
/// with 64-byte datagrams (sendmmsg batches of 64, not timed); the non-blocking receiver drains it
/// with `receiveMessages`, batch 64 (a batch object made once and reused, source addresses kept;
/// timed). Rounds of 1024 datagrams (the queue holds only so much: SO_RCVBUF 4 MiB, or
/// SO_RCVBUFFORCE 32 MiB as root); on `.wouldBlock` before a round is complete, wait for readability
/// (fail after 5 s: a datagram was lost). Time and mallocs cover the drains only.
/// To do: Sock's UDPConn, SO_RCVBUF option, sendMessages/receiveMessages batches.
func udpDrain(_ parameters: RunParameters) -> Measurement {
    notImplemented("udp-drain", needs: "Sock's UDPConn with sendMessages/receiveMessages batches")
}
