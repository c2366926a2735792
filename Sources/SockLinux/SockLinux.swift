// SockLinux: the Linux half of Sock (TCP_INFO, UDP batches with GSO/GRO, control messages,
// multicast, descriptor passing, Linux-only options, SCTP). Every API here is Linux-only.
import SockPOSIX
