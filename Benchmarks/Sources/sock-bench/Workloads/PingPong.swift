// pingpong: AF_UNIX stream socketpair ping-pong on one thread. C baseline: baseline/w_pingpong.c.

import Sock

/// One op = one round trip over a non-blocking AF_UNIX SOCK_STREAM socketpair (A, B), one thread:
/// write 64 bytes on A, read them on B, write them back on B, read them on A. Every read finds its
/// data queued, so a short count or `.wouldBlock` fails the run. Buffers are allocated before
/// `measure` and reused. To do: Sock's socketpair (`UnixConn` pair) and its read/write.
func pingPong(_ parameters: RunParameters) -> Measurement {
    notImplemented("pingpong", needs: "Sock's Unix socketpair with read/write")
}
