// deadline-wake: wake-up latency of a read waiting on a deadline. C baseline: baseline/w_deadline_wake.c.

import Sock

/// One op, over an AF_UNIX stream socketpair: the reader (this thread, non-blocking end) writes a
/// 1-byte "go" to a peer thread, sets a read deadline 1 s ahead and reads 1 byte (Sock waits in poll).
/// The peer (blocking end), on "go", sleeps 50 us, stamps `bench_now_ns()` into a shared atomic and
/// writes 1 byte. The op's figure is the reader's clock after its read returned minus that stamp;
/// `nsPerOp` is the MEDIAN over the measured ops (latencies stored in an array made before timing).
/// Mallocs are counted process-wide over the measured ops.
/// To do: Sock's socketpair, `setReadDeadline` and read.
func deadlineWake(_ parameters: RunParameters) -> Measurement {
    notImplemented("deadline-wake", needs: "Sock's socketpair with a read deadline")
}
