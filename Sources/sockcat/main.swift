// sockcat: a netcat/socat-like tool built only on Sock's public API.
//
//   sockcat probe [--json]                 what this kernel supports, probed through Sock
//   sockcat listen PROTO ADDR [options]    accept one peer and relay stdin <-> socket; with -k or
//                                          --broker, every client at once on Sock's event loop
//   sockcat connect PROTO ADDR [options]   connect and relay stdin <-> socket
//   sockcat blast udp ADDR [options]       UDP load generator
//   sockcat sink udp ADDR [options]        UDP receiver that counts loss
//
// Exit codes follow sysexits.h: 64 usage, 69 feature unavailable, 74 I/O error (a refused or
// reset connection included).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

exit(Sockcat.run(Array(CommandLine.arguments.dropFirst())).rawValue)
