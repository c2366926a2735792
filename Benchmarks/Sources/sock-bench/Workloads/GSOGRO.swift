// gso-gro: UDP segmentation offload, send and receive. C baseline: baseline/w_gso_gro.c.

import Sock

/// One op = one 61,600-byte send on a connected UDP socket with UDP_SEGMENT 1400 (44 segments) plus
/// the receives (UDP_GRO on, 64 KiB buffer and a control buffer, segment size read from the UDP_GRO
/// control message) that bring all 61,600 bytes back; on `.wouldBlock` wait for readability.
/// One thread, 127.0.0.1. The measurement carries `bytesPerOp: 61_600`.
/// To do: Sock's UDPConn with the GSO segment size and GRO receive (SockLinux).
func gsoGro(_ parameters: RunParameters) -> Measurement {
    notImplemented("gso-gro", needs: "Sock's UDP GSO send and GRO receive")
}
