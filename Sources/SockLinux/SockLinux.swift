// SockLinux: the Linux half of Sock. Every API in this module is Linux-only; on other systems the
// module compiles empty.
//
// - TCP_INFO (`TCPInfo`, `NetSocket.tcpInfo()`), read by offset from the generated ABI layout.
// - Linux TCP, socket and IP options as typed accessors on `NetSocket` (`Options/`).
// - Control messages: a zero-allocation builder and parser over caller buffers, with typed cases
//   (`ControlMessages/`), and the socket error queue (`IP_RECVERR` / `IPV6_RECVERR`).
// - UDP batches over sendmmsg/recvmmsg (`UDPBatch`) and GSO/GRO (`GSO/`).
// - Multicast membership (any-source and source-specific) and options (`Multicast/`).
// - Unix extras: SCM_RIGHTS, SCM_CREDENTIALS, SO_PASSCRED, SO_PEERCRED (`UnixRights/`).
// - SCTP (`SCTP/`).
