#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The C `struct sockaddr` (inside `SCTPAddr`, `sockaddr` names the encoding method).
private typealias CSockaddr = sockaddr

extension SCTPAddr {
    /// Whether any address is IPv6.
    var hasIPv6: Bool {
        for index in 0..<addressCount {
            if case .v6 = address(at: index).ip { return true }
        }
        return false
    }

    /// The socket family for talking to `self` (and binding `local`): `AF_INET6` when any of the
    /// addresses is IPv6 (IPv4 ones are then used in their mapped form), `AF_INET` otherwise.
    func socketFamily(with local: SCTPAddr? = nil) -> sa_family_t {
        hasIPv6 || (local?.hasIPv6 ?? false) ? sa_family_t(LinuxABI.AF_INET6) : sa_family_t(LinuxABI.AF_INET)
    }

    /// The address at `index` encoded for a socket of `family`.
    ///
    /// - Throws: `.invalidArgument` with `.addressFamilyMismatch` (IPv6 on an IPv4 socket),
    ///   `.unknownInterface`, `.malformedZone`.
    func sockaddr(at index: Int, matching family: sa_family_t) throws(SocketError) -> InetSockaddr {
        try endpoint(at: index).sockaddr(matching: family)
    }

    /// Calls `body` with every address encoded for a socket of `family`, packed back to back
    /// (`sockaddr_in` = 16 bytes, `sockaddr_in6` = 28 bytes) as `sctp_bindx` and `sctp_connectx`
    /// pass them to the kernel. The buffer is on the stack for up to 32 addresses.
    func withPackedSockaddrs<R>(
        matching family: sa_family_t,
        _ body: (UnsafeRawBufferPointer) throws(SocketError) -> R
    ) throws(SocketError) -> R {
        let capacity = addressCount * MemoryLayout<sockaddr_in6>.size
        return try withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) {
            buffer throws(SocketError) -> R in
            var used = 0
            for index in 0..<addressCount {
                let encoded = try sockaddr(at: index, matching: family)
                encoded.withUnsafeSockaddr { sa, length in
                    let target = UnsafeMutableRawBufferPointer(rebasing: buffer[used..<used + Int(length)])
                    target.copyMemory(from: UnsafeRawBufferPointer(start: sa, count: Int(length)))
                    used += Int(length)
                }
            }
            return try body(UnsafeRawBufferPointer(rebasing: buffer[0..<used]))
        }
    }

    /// Decodes a `struct sctp_getaddrs` the kernel filled (`SCTP_GET_LOCAL_ADDRS`,
    /// `SCTP_GET_PEER_ADDRS`): `addr_num` addresses packed after the header. `package` for the
    /// fuzz targets.
    ///
    /// - Throws: `.invalidArgument` with `.bufferTooSmall` (no room for the header), and the errors
    ///   of ``decodePacked(_:count:)``.
    package init(decodingAddressList bytes: UnsafeRawBufferPointer) throws(SocketError) {
        guard let count = bytes.field(at: LinuxABI.offsetof_sctp_getaddrs_addr_num, as: UInt32.self) else {
            throw SocketError(.invalidArgument, operation: .getsockopt, detail: .bufferTooSmall)
        }
        let start = LinuxABI.offsetof_sctp_getaddrs_addrs
        self = try SCTPAddr.decodePacked(
            UnsafeRawBufferPointer(rebasing: bytes[min(start, bytes.count)...]),
            count: Int(count)
        )
    }

    /// Decodes `count` packed kernel addresses (the `addrs` of `struct sctp_getaddrs`) into an
    /// endpoint: the first address is the primary one and gives the port. `package` for the fuzz
    /// targets.
    ///
    /// - Throws: `.invalidArgument` with `.truncatedAddress` or `.unsupportedFamily` for bytes that
    ///   are not `count` well-formed IPv4/IPv6 addresses; `.notConnected` for an empty list (a
    ///   `count` of 0 or less).
    package static func decodePacked(_ bytes: UnsafeRawBufferPointer, count: Int) throws(SocketError) -> SCTPAddr {
        var result: SCTPAddr?
        var offset = 0
        for _ in 0..<Swift.max(count, 0) {
            guard let family = bytes.field(at: offset, as: sa_family_t.self) else {
                throw .invalid(.truncatedAddress, .decodeAddress)
            }
            let length: Int
            switch CInt(family) {
            case LinuxABI.AF_INET: length = MemoryLayout<sockaddr_in>.size
            case LinuxABI.AF_INET6: length = MemoryLayout<sockaddr_in6>.size
            default: throw .invalid(.unsupportedFamily, .decodeAddress)
            }
            guard offset + length <= bytes.count, let base = bytes.baseAddress else {
                throw .invalid(.truncatedAddress, .decodeAddress)
            }
            let decoded = try SocketAddress(
                decoding: (base + offset).assumingMemoryBound(to: CSockaddr.self),
                length: socklen_t(length)
            )
            let endpoint = try TCPAddr(decoded)
            if result == nil {
                result = SCTPAddr(endpoint)
            } else {
                result?.additionalAddresses.append(IPAddr(endpoint))
            }
            offset += length
        }
        guard let result else { throw SocketError(.notConnected, operation: .getsockopt) }
        return result
    }
}
#endif
