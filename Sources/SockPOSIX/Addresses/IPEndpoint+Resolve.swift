#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension IPEndpoint {
    /// Resolves a host name to endpoints with `getaddrinfo`, in the order the C library returns
    /// them (RFC 6724 on glibc), without duplicates. An IP literal (with or without a zone)
    /// returns itself without a lookup.
    ///
    /// A convenience for setup code, **not** for hot paths: it blocks the calling thread for as
    /// long as the resolver takes (files, DNS, ...), with no timeout of its own, and it allocates.
    ///
    /// - Throws: `SocketError` `.other` with detail `.hostNotFound` (`EAI_NONAME`) or
    ///   `.resolutionFailed` (any other `getaddrinfo` failure).
    public static func resolve(host: String, port: UInt16) throws(SocketError) -> [Self] {
        if let literal = IPAddr(host) { return [Self(ip: literal.ip, port: port, zone: literal.zone)] }
        var hints = addrinfo()
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)  // one entry per address
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else {
            let detail: SocketError.Detail = status == EAI_NONAME ? .hostNotFound : .resolutionFailed
            throw SocketError(.other, operation: .parseAddress, detail: detail)
        }
        defer { freeaddrinfo(list) }
        var endpoints: [Self] = []
        var cursor = list
        while let info = cursor {
            cursor = info.pointee.ai_next
            guard let pointer = info.pointee.ai_addr,
                let decoded = try? SocketAddress(decoding: pointer, length: info.pointee.ai_addrlen),
                let inet = try? InetSockaddr(decoded)
            else { continue }
            var endpoint = Self(inet)
            endpoint.port = port
            if !endpoints.contains(endpoint) { endpoints.append(endpoint) }
        }
        if endpoints.isEmpty { throw SocketError(.other, operation: .parseAddress, detail: .hostNotFound) }
        return endpoints
    }
}
