#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// SocketAddress: typed views, equality and text.

extension SocketAddress {
    /// What a ``SocketAddress`` holds, as a typed address.
    @frozen
    public enum Kind: Sendable, Hashable {
        /// No address (length 0), e.g. `recvfrom` on a connected stream socket.
        case unspecified
        /// An `AF_INET` address.
        case inet4(SockaddrInet4)
        /// An `AF_INET6` address.
        case inet6(SockaddrInet6)
        /// An `AF_UNIX` address.
        case unix(SockaddrUnix)
        /// Another family (e.g. `AF_PACKET`, `AF_NETLINK`); the bytes stay in the storage.
        case other(sa_family_t)
        /// A length too short for the family (see ``SocketAddress/validate(_:)``).
        case truncated
    }

    /// The typed address. Zero-allocation; nothing is formatted.
    @inlinable
    public var kind: Kind {
        if storedLength == 0 { return .unspecified }
        if Int(storedLength) < AddressLayout.familyEnd || storedLength > AddressLayout.storageLength {
            return .truncated
        }
        switch storage.ss_family {
        case AddressLayout.inet4:
            guard storedLength >= AddressLayout.inet4Length else { return .truncated }
            return .inet4(withUnsafeBytes(of: storage) { SockaddrInet4($0.load(as: sockaddr_in.self)) })
        case AddressLayout.inet6:
            guard storedLength >= AddressLayout.inet6Length else { return .truncated }
            return .inet6(withUnsafeBytes(of: storage) { SockaddrInet6($0.load(as: sockaddr_in6.self)) })
        case AddressLayout.unix:
            // Out of line, from a pointer: loading the 110-byte sockaddr_un inline let the compiler
            // hoist that copy above the family switch, so every IPv4/IPv6 decode paid for it.
            let length = unixLength
            return withUnsafeBytes(of: storage) { Self.unixKind($0, length: length) }
        default:
            return .other(storage.ss_family)
        }
    }

    @usableFromInline @inline(never)
    static func unixKind(_ storage: UnsafeRawBufferPointer, length: socklen_t) -> Kind {
        guard let address = try? SockaddrUnix(storage.load(as: sockaddr_un.self), length: length) else {
            return .truncated
        }
        return .unix(address)
    }

    /// The `sockaddr_in`, or nil for another family or a short length.
    @inlinable
    public var inet4: SockaddrInet4? {
        if case .inet4(let address) = kind { return address }
        return nil
    }

    /// The `sockaddr_in6`, or nil for another family or a short length.
    @inlinable
    public var inet6: SockaddrInet6? {
        if case .inet6(let address) = kind { return address }
        return nil
    }

    /// The `sockaddr_un`, or nil for another family or a bad length.
    @inlinable
    public var unix: SockaddrUnix? {
        if case .unix(let address) = kind { return address }
        return nil
    }

    /// Equal when length and the bytes it covers are equal.
    public static func == (lhs: SocketAddress, rhs: SocketAddress) -> Bool {
        guard lhs.storedLength == rhs.storedLength else { return false }
        return lhs.withUnsafeSockaddr { left, count in
            rhs.withUnsafeSockaddr { right, _ in
                UnsafeRawBufferPointer(start: left, count: Int(count))
                    .elementsEqual(UnsafeRawBufferPointer(start: right, count: Int(count)))
            }
        }
    }

    /// Hashes the length and the bytes it covers.
    public func hash(into hasher: inout Hasher) {
        withUnsafeSockaddr { pointer, count in
            hasher.combine(count)
            hasher.combine(bytes: UnsafeRawBufferPointer(start: pointer, count: Int(count)))
        }
    }

    /// The typed address's text (`a.b.c.d:port`, `[v6%scope]:port`, a path or `@name`), or
    /// `<unspecified>`, `<family N>`, `<truncated>`.
    public var description: String {
        switch kind {
        case .unspecified: "<unspecified>"
        case .inet4(let address): address.description
        case .inet6(let address): address.description
        case .unix(let address): address.description
        case .other(let family): "<family \(family)>"
        case .truncated: "<truncated>"
        }
    }
}
