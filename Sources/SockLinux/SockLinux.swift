// SockLinux: the Linux half of Sock. Every API in this module is Linux-only; on other systems the
// module compiles empty. It adds capabilities to the core's socket types and protocols without
// subclassing anything (the core's `NetSocket` is final):
//
// - Linux socket, IP and TCP options as typed accessors on the protocols they belong to
//   (`Socket`, `IPSocket`, `TCPSocket`, and `TCPConn`/`TCPListener` for the connection-only and
//   listener-only ones) (`Options/`), and `TCP_INFO` on `TCPSocket` (`TCPInfo/`), read by offset
//   from the generated ABI layout.
// - Control messages: a zero-allocation builder and parser over caller buffers, with typed cases
//   (`ControlMessages/`), and the error queue (`IP_RECVERR` / `IPV6_RECVERR`) on IP connections.
// - Batches over sendmmsg/recvmmsg on every `DatagramSocket` (`Batch/`) and UDP GSO/GRO on
//   `UDPConn` (`GSO/`).
// - `MulticastSocket` (`UDPConn`, `RawConn`): membership (any-source and source-specific) and
//   options (`Multicast/`).
// - Unix extras on `UnixSocket` and Unix connections: SCM_RIGHTS, SCM_CREDENTIALS, SO_PASSCRED,
//   SO_PEERCRED (`UnixRights/`).
// - SCTP: `SCTPConn`, `SCTPListener`, `SCTPEndpoint` and the `SCTPSocket` protocol (`SCTP/`).
// - The Linux values of the core's typed parameters (`MessageFlags.more`, `.sctp`, ...).
