#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension SCTPSocket {
    /// Adds local addresses to the socket (`sctp_bindx(SCTP_BINDX_ADD_ADDR)`, i.e. `setsockopt`
    /// `SCTP_SOCKOPT_BINDX_ADD` with the addresses packed back to back). On an unbound socket it
    /// binds them; on a bound one they join its port (use port 0 or the bound port).
    /// Linux-only.
    ///
    /// - Throws: `.addressNotAvailable` (not a local address), `.addressInUse`,
    ///   `.invalidArgument` (another port than the bound one, a family mismatch), `.closed`.
    public func addLocalAddresses(_ addresses: SCTPAddr) throws(SocketError) {
        try bindx(addresses, SCTPC.SOCKOPT_BINDX_ADD)
    }

    /// Removes local addresses (`sctp_bindx(SCTP_BINDX_REM_ADDR)`, `SCTP_SOCKOPT_BINDX_REM`).
    /// Linux-only.
    ///
    /// - Throws: `.invalidArgument` (not bound to that address), `.other` with errno EBUSY (it
    ///   is the socket's last address), `.closed`.
    public func removeLocalAddresses(_ addresses: SCTPAddr) throws(SocketError) {
        try bindx(addresses, SCTPC.SOCKOPT_BINDX_REM)
    }

    func bindx(_ addresses: SCTPAddr, _ name: CInt) throws(SocketError) {
        try addresses.withPackedSockaddrs(matching: sa_family_t(family.rawValue)) { packed throws(SocketError) in
            try setOption(level: SCTPC.SOL_SCTP, name: name, bytes: packed)
        }
    }

    /// The local addresses of an association, or, on an unconnected socket, the addresses the
    /// socket is bound to (`sctp_getladdrs`: `getsockopt` `SCTP_GET_LOCAL_ADDRS` with
    /// `struct sctp_getaddrs`). A wildcard bind lists every local address. Allocates the
    /// result. Linux-only.
    ///
    /// - Throws: `.invalidArgument` (no such association), `.closed`.
    public func localAddresses(association: SCTPAssociationID = .future) throws(SocketError) -> SCTPAddr {
        try addressList(SCTPC.GET_LOCAL_ADDRS, association: association)
    }

    /// The peer's addresses of an association (`sctp_getpaddrs`: `getsockopt`
    /// `SCTP_GET_PEER_ADDRS`); the primary one first. Allocates the result. Linux-only.
    ///
    /// - Throws: `.notConnected` (no association yet), `.invalidArgument` (no such association),
    ///   `.closed`.
    public func peerAddresses(association: SCTPAssociationID = .future) throws(SocketError) -> SCTPAddr {
        try addressList(SCTPC.GET_PEER_ADDRS, association: association)
    }

    func addressList(_ name: CInt, association: SCTPAssociationID) throws(SocketError) -> SCTPAddr {
        // Room for 64 IPv6 addresses on the stack; a larger list is retried on the heap.
        var capacity = 64
        while true {
            let size = LinuxABI.sizeof_sctp_getaddrs + capacity * MemoryLayout<sockaddr_in6>.size
            do throws(SocketError) {
                return try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) {
                    raw throws(SocketError) -> SCTPAddr in
                    raw.initializeMemory(as: UInt8.self, repeating: 0)
                    raw.storeBytes(
                        of: association.rawValue,
                        toByteOffset: LinuxABI.offsetof_sctp_getaddrs_assoc_id,
                        as: Int32.self
                    )
                    // Not trimmed to the returned length: for SCTP_GET_LOCAL_ADDRS the kernel
                    // reports the size of the addresses without the 8-byte header (a known quirk
                    // it keeps for compatibility). addr_num says how many there are.
                    _ = try getOption(level: SCTPC.SOL_SCTP, name: name, into: raw)
                    return try SCTPAddr(decodingAddressList: UnsafeRawBufferPointer(raw))
                }
            } catch  where error.code == .noMemory && capacity < 65536 {
                capacity *= 16  // the kernel's "buffer too small" for address lists is ENOMEM
            }
        }
    }
}
#endif
