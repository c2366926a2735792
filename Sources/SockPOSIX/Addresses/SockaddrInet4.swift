#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 socket address in kernel format: a C `sockaddr_in` stored inline (16 bytes, no heap).
///
/// ```swift
/// let a = SockaddrInet4(address: .loopback, port: 8080)
/// a.withUnsafeSockaddr { pointer, length in bind(fd, pointer, length) }
/// ```
@frozen
public struct SockaddrInet4: Sockaddr, Hashable, CustomStringConvertible {
    @usableFromInline var storage: sockaddr_in

    /// Creates the address `address:port`. The port is stored in network byte order; on the BSDs
    /// `sin_len` is set to 16.
    @inlinable
    public init(address: IPv4Address, port: UInt16) {
        storage = sockaddr_in()
        #if canImport(Darwin) || os(FreeBSD) || os(OpenBSD)
        storage.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
        #endif
        storage.sin_family = AddressLayout.inet4
        storage.sin_port = port.bigEndian
        storage.sin_addr = address.inAddr
    }

    /// Wraps a C `sockaddr_in`. Its address and port are kept; the family (and `sin_len` on the
    /// BSDs) is set to `AF_INET` whatever it held, and `sin_zero` is cleared.
    @inlinable
    public init(_ raw: sockaddr_in) {
        self.init(address: IPv4Address(raw.sin_addr), port: UInt16(bigEndian: raw.sin_port))
    }

    /// The C `sockaddr_in`.
    @inlinable public var raw: sockaddr_in { storage }

    /// The IPv4 address (`sin_addr`).
    @inlinable
    public var address: IPv4Address {
        get { IPv4Address(storage.sin_addr) }
        set { storage.sin_addr = newValue.inAddr }
    }

    /// The port in host byte order (`sin_port` holds it in network byte order).
    @inlinable
    public var port: UInt16 {
        get { UInt16(bigEndian: storage.sin_port) }
        set { storage.sin_port = newValue.bigEndian }
    }

    /// `AF_INET`.
    @inlinable public var family: sa_family_t { AddressLayout.inet4 }

    /// Calls `body` with a pointer to the `sockaddr_in` and its length, 16.
    @inlinable
    public func withUnsafeSockaddr<R, E: Error>(
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(E) -> R
    ) throws(E) -> R {
        try withSockaddrPointer(to: storage, length: AddressLayout.inet4Length, body)
    }

    /// Equal when address and port are equal.
    @inlinable
    public static func == (lhs: SockaddrInet4, rhs: SockaddrInet4) -> Bool {
        lhs.address == rhs.address && lhs.port == rhs.port
    }

    /// Hashes the address and port.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(port)
    }

    /// `a.b.c.d:port`.
    public var description: String {
        makeString(capacity: EndpointText.maxLength) { write(to: &$0) }
    }

    /// Writes `a.b.c.d:port` into `buffer` without allocating; returns the number of bytes written.
    ///
    /// - Throws: `SocketError` `.invalidArgument` with detail `.bufferTooSmall`.
    public func format(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try formatText(into: buffer) { write(to: &$0) }
    }

    func write(to writer: inout TextWriter) {
        EndpointText.write(.v4(address), zone: nil, port: port, to: &writer)
    }
}
