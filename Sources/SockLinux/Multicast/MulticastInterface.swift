#if os(Linux)
import SockPOSIX

/// Which interface a multicast membership or send uses. Linux-only.
@frozen
public enum MulticastInterface: Sendable, Hashable {
    /// Let the kernel choose from the routing table (index 0, `INADDR_ANY`).
    case any
    /// The interface with this index (`if_nametoindex`; see `InterfaceName.index()`).
    case index(UInt32)
    /// The IPv4 interface that has this address (IPv4 only: IPv6 names interfaces by index).
    case address(IPv4Address)

    /// The interface index, 0 for `.any`, nil for `.address`.
    @inlinable
    var interfaceIndex: UInt32? {
        switch self {
        case .any: 0
        case .index(let index): index
        case .address: nil
        }
    }
}
#endif
