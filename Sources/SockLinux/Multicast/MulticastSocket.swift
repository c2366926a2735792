#if os(Linux)
import SockPOSIX

/// A socket that can join multicast groups and send to them: ``UDPConn`` and ``RawConn``.
/// Linux-only (the API is built on Linux's `ip_mreqn` and `group_req` layouts).
///
/// Membership (``joinGroup(_:on:)``, source-specific ``joinGroup(_:source:on:)``, source
/// blocking) and the sending options (``setMulticastInterface(_:)``, ``setMulticastHopLimit(_:)``,
/// ``setMulticastLoop(_:)``, ``setMulticastAll(_:)``). A TCP or Unix socket has none of them.
public protocol MulticastSocket: IPSocket {}

extension UDPConn: MulticastSocket {}
extension RawConn: MulticastSocket {}
#endif
