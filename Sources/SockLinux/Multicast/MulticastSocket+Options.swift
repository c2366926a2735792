#if os(Linux)
import SockPOSIX

// Options for sending multicast. Each picks the IPv4 option on an AF_INET socket and the IPv6
// one on an AF_INET6 socket, and throws `.closed` on a closed socket and `.invalidArgument` with
// `.valueOutOfRange` for a value outside the documented range.

extension MulticastSocket {
    /// `IP_MULTICAST_IF` / `IPV6_MULTICAST_IF`: the interface multicast datagrams leave through.
    /// IPv4 takes an index or an address (`ip_mreqn`); IPv6 an index only. `.any` restores the
    /// routing-table choice.
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` with `.addressFamilyMismatch` for an address on an IPv6
    ///   socket; `.addressNotAvailable` / `.other` (ENODEV) for an unknown interface.
    public func setMulticastInterface(_ interface: MulticastInterface) throws(SocketError) {
        if family == .inet6 {
            guard let index = interface.interfaceIndex else { throw .invalid(.addressFamilyMismatch, .setsockopt) }
            try setOption(level: SC.IPPROTO_IPV6, name: LinuxABI.IPV6_MULTICAST_IF, CInt(bitPattern: index))
            return
        }
        try withUnsafeTemporaryAllocation(byteCount: LinuxABI.sizeof_ip_mreqn, alignment: 4) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            switch interface {
            case .any: break
            case .index(let index):
                buffer.storeBytes(
                    of: CInt(bitPattern: index),
                    toByteOffset: LinuxABI.offsetof_ip_mreqn_imr_ifindex,
                    as: CInt.self
                )
            case .address(let address):
                buffer.storeBytes(
                    of: address.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreqn_imr_address,
                    as: UInt32.self
                )
            }
            try setOption(level: SC.IPPROTO_IP, name: LinuxABI.IP_MULTICAST_IF, bytes: UnsafeRawBufferPointer(buffer))
        }
    }

    /// `IP_MULTICAST_IF` / `IPV6_MULTICAST_IF`. The kernel reports an IPv4 socket's choice as an
    /// address (`.address`, or `.any` when it was set by index or not at all) and an IPv6
    /// socket's as an index (`.index`, or `.any`).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func multicastInterface() throws(SocketError) -> MulticastInterface {
        if family == .inet6 {
            let index = UInt32(
                bitPattern: try getOption(level: SC.IPPROTO_IPV6, name: LinuxABI.IPV6_MULTICAST_IF, as: CInt.self)
            )
            return index == 0 ? .any : .index(index)
        }
        let address = IPv4Address(
            networkOrder: try getOption(level: SC.IPPROTO_IP, name: LinuxABI.IP_MULTICAST_IF, as: UInt32.self)
        )
        return address.isUnspecified ? .any : .address(address)
    }

    /// `IP_MULTICAST_TTL` (0...255) / `IPV6_MULTICAST_HOPS` (-1: the default, or 0...255): how far
    /// multicast datagrams travel. 0 keeps them on this host; the default is 1 (this link).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not an IP datagram socket), `.closed`.
    public func setMulticastHopLimit(_ hops: Int) throws(SocketError) {
        if family == .inet6 {
            try setIntOption(level: SC.IPPROTO_IPV6, name: LinuxABI.IPV6_MULTICAST_HOPS, hops, range: -1...255)
        } else {
            try setIntOption(level: SC.IPPROTO_IP, name: LinuxABI.IP_MULTICAST_TTL, hops, range: 0...255)
        }
    }

    /// `IP_MULTICAST_TTL` / `IPV6_MULTICAST_HOPS`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func multicastHopLimit() throws(SocketError) -> Int {
        let v6 = family == .inet6
        return try intOption(level: ipLevel, name: v6 ? LinuxABI.IPV6_MULTICAST_HOPS : LinuxABI.IP_MULTICAST_TTL)
    }

    /// `IP_MULTICAST_LOOP` / `IPV6_MULTICAST_LOOP`: whether members on this host (this network
    /// namespace) receive the socket's own multicast datagrams (default on).
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func setMulticastLoop(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_MULTICAST_LOOP, v6: LinuxABI.IPV6_MULTICAST_LOOP, on)
    }

    /// `IP_MULTICAST_LOOP` / `IPV6_MULTICAST_LOOP`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func multicastLoop() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_MULTICAST_LOOP, v6: LinuxABI.IPV6_MULTICAST_LOOP)
    }

    /// `IP_MULTICAST_ALL` (Linux 2.6.31) / `IPV6_MULTICAST_ALL` (4.20): when on (the default), a
    /// socket bound to the wildcard address receives every group any socket on the host joined;
    /// off restricts it to its own memberships.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func setMulticastAll(_ on: Bool) throws(SocketError) {
        try setIPBoolOption(v4: LinuxABI.IP_MULTICAST_ALL, v6: LinuxABI.IPV6_MULTICAST_ALL, on)
    }

    /// `IP_MULTICAST_ALL` / `IPV6_MULTICAST_ALL`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not an IP datagram socket), `.closed`.
    public func multicastAll() throws(SocketError) -> Bool {
        try ipBoolOption(v4: LinuxABI.IP_MULTICAST_ALL, v6: LinuxABI.IPV6_MULTICAST_ALL)
    }
}
#endif
