#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// Multicast group membership, any-source (RFC 1112 / MLDv1 style) and source-specific (SSM,
// RFC 4607), for IPv4 and IPv6 groups. By interface index (or `.any`) the protocol-independent
// `MCAST_*` options (Linux 2.6.13, `struct group_req` / `group_source_req`) are used, at level
// IPPROTO_IP for an IPv4 group and IPPROTO_IPV6 for an IPv6 one; by IPv4 interface address the
// IPv4 options (`IP_ADD_MEMBERSHIP` with `ip_mreqn`, `IP_ADD_SOURCE_MEMBERSHIP` with
// `ip_mreq_source`). Joining makes the kernel announce the membership (IGMP / MLD) on that
// interface.
//
// Each throws `.invalidArgument` with `.addressFamilyMismatch` when group and source differ in
// family or an IPv6 group is given an IPv4 interface address; the kernel's errors: EINVAL (not a
// multicast group) as `.invalidArgument`, EADDRINUSE (already joined) as `.addressInUse`,
// EADDRNOTAVAIL (not joined, or no such interface) as `.addressNotAvailable`, ENOBUFS (more than
// `net.ipv4.igmp_max_memberships`, 20 by default) as `.noMemory`, ENODEV as `.other`; `.closed`.

extension MulticastSocket {
    /// Joins `group` on `interface`, receiving from any source. `MCAST_JOIN_GROUP` /
    /// `IP_ADD_MEMBERSHIP`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func joinGroup(_ group: IPAddress, on interface: MulticastInterface = .any) throws(SocketError) {
        try membership(
            group,
            source: nil,
            interface,
            indexed: LinuxABI.MCAST_JOIN_GROUP,
            v4: LinuxABI.IP_ADD_MEMBERSHIP
        )
    }

    /// Leaves `group` on `interface`. `MCAST_LEAVE_GROUP` / `IP_DROP_MEMBERSHIP`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func leaveGroup(_ group: IPAddress, on interface: MulticastInterface = .any) throws(SocketError) {
        try membership(
            group,
            source: nil,
            interface,
            indexed: LinuxABI.MCAST_LEAVE_GROUP,
            v4: LinuxABI.IP_DROP_MEMBERSHIP
        )
    }

    /// Joins `group` on `interface` for datagrams from `source` only (source-specific
    /// multicast). `MCAST_JOIN_SOURCE_GROUP` / `IP_ADD_SOURCE_MEMBERSHIP`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func joinGroup(
        _ group: IPAddress,
        source: IPAddress,
        on interface: MulticastInterface = .any
    ) throws(SocketError) {
        try membership(
            group,
            source: source,
            interface,
            indexed: LinuxABI.MCAST_JOIN_SOURCE_GROUP,
            v4: LinuxABI.IP_ADD_SOURCE_MEMBERSHIP
        )
    }

    /// Leaves the source-specific membership of `group` and `source`. `MCAST_LEAVE_SOURCE_GROUP`
    /// / `IP_DROP_SOURCE_MEMBERSHIP`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func leaveGroup(
        _ group: IPAddress,
        source: IPAddress,
        on interface: MulticastInterface = .any
    ) throws(SocketError) {
        try membership(
            group,
            source: source,
            interface,
            indexed: LinuxABI.MCAST_LEAVE_SOURCE_GROUP,
            v4: LinuxABI.IP_DROP_SOURCE_MEMBERSHIP
        )
    }

    /// In an any-source membership of `group`, stops receiving from `source`.
    /// `MCAST_BLOCK_SOURCE` / `IP_BLOCK_SOURCE`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func blockSource(
        _ source: IPAddress,
        group: IPAddress,
        on interface: MulticastInterface = .any
    ) throws(SocketError) {
        try membership(
            group,
            source: source,
            interface,
            indexed: LinuxABI.MCAST_BLOCK_SOURCE,
            v4: LinuxABI.IP_BLOCK_SOURCE
        )
    }

    /// Undoes ``blockSource(_:group:on:)``. `MCAST_UNBLOCK_SOURCE` / `IP_UNBLOCK_SOURCE`.
    /// Linux-only.
    /// - Throws: `.invalidArgument` (`.addressFamilyMismatch`; EINVAL: not a multicast group),
    ///   `.addressInUse` (already joined), `.addressNotAvailable` (not joined, or no such
    ///   interface), `.noMemory` (over `igmp_max_memberships`), `.closed`.
    public func unblockSource(
        _ source: IPAddress,
        group: IPAddress,
        on interface: MulticastInterface = .any
    ) throws(SocketError) {
        try membership(
            group,
            source: source,
            interface,
            indexed: LinuxABI.MCAST_UNBLOCK_SOURCE,
            v4: LinuxABI.IP_UNBLOCK_SOURCE
        )
    }

    /// One membership change. `indexed` is the `MCAST_*` option (interface by index), `v4` the
    /// IPv4 option (interface by address).
    private func membership(
        _ group: IPAddress,
        source: IPAddress?,
        _ interface: MulticastInterface,
        indexed: CInt,
        v4: CInt
    ) throws(SocketError) {
        let groupIsV6 = group.family == sa_family_t(SC.AF_INET6)
        if let source, source.family != group.family { throw .invalid(.addressFamilyMismatch, .setsockopt) }
        let size = LinuxABI.sizeof_group_source_req
        try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            if let index = interface.interfaceIndex {
                buffer.storeBytes(
                    of: index,
                    toByteOffset: LinuxABI.offsetof_group_source_req_gsr_interface,
                    as: UInt32.self
                )
                storeSockaddr(group, into: buffer, at: LinuxABI.offsetof_group_source_req_gsr_group)
                var length = LinuxABI.sizeof_group_req
                if let source {
                    storeSockaddr(source, into: buffer, at: LinuxABI.offsetof_group_source_req_gsr_source)
                    length = LinuxABI.sizeof_group_source_req
                }
                let level = groupIsV6 ? SC.IPPROTO_IPV6 : SC.IPPROTO_IP
                try setOption(level: level, name: indexed, bytes: UnsafeRawBufferPointer(rebasing: buffer[..<length]))
                return
            }
            guard case .address(let local) = interface, case .v4(let group4) = group else {
                throw .invalid(.addressFamilyMismatch, .setsockopt)
            }
            if let source {
                guard case .v4(let source4) = source else { throw .invalid(.addressFamilyMismatch, .setsockopt) }
                // struct ip_mreq_source { multiaddr, interface, sourceaddr }
                buffer.storeBytes(
                    of: group4.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreq_source_imr_multiaddr,
                    as: UInt32.self
                )
                buffer.storeBytes(
                    of: local.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreq_source_imr_interface,
                    as: UInt32.self
                )
                buffer.storeBytes(
                    of: source4.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreq_source_imr_sourceaddr,
                    as: UInt32.self
                )
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<LinuxABI.sizeof_ip_mreq_source])
                try setOption(level: SC.IPPROTO_IP, name: v4, bytes: bytes)
            } else {
                // struct ip_mreqn { multiaddr, address, ifindex = 0 }
                buffer.storeBytes(
                    of: group4.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreqn_imr_multiaddr,
                    as: UInt32.self
                )
                buffer.storeBytes(
                    of: local.networkOrder,
                    toByteOffset: LinuxABI.offsetof_ip_mreqn_imr_address,
                    as: UInt32.self
                )
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<LinuxABI.sizeof_ip_mreqn])
                try setOption(level: SC.IPPROTO_IP, name: v4, bytes: bytes)
            }
        }
    }

    /// Writes `address` (port 0) as a `sockaddr_in` / `sockaddr_in6` at `offset`.
    private func storeSockaddr(_ address: IPAddress, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        InetSockaddr(address: address, port: 0).withUnsafeSockaddr { sa, length in
            UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]).copyMemory(
                from: UnsafeRawBufferPointer(start: sa, count: Int(length))
            )
        }
    }
}
#endif
