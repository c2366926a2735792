#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An SCTP endpoint: one or more IP addresses (SCTP multi-homing) sharing one port. Linux-only.
///
/// The first address is stored inline (``ip`` and ``zone``, the Go seed's fields); the others of a
/// multi-homed endpoint are in ``additionalAddresses``, which stays empty (no heap) for the usual
/// single address.
///
/// Text form: `host:port` as for ``TCPAddr`` (`127.0.0.1:9`, `[::1]:9`, `[fe80::1%eth0]:9`, `:9`),
/// and for several addresses the hosts joined by `/` before the port:
/// `10.0.0.1/10.0.1.1:9`, `[2001:db8::1]/192.0.2.1:9` (the notation of the
/// `github.com/ishidawataru/sctp` Go package). IPv6 hosts are bracketed; a zone may follow any
/// IPv6 host. Names are not resolved.
///
/// ```swift
/// let one = try SCTPAddr(parsing: "127.0.0.1:9")
/// let two = try SCTPAddr(parsing: "127.0.0.1/127.0.0.2:9")   // multi-homed
/// ```
@frozen
public struct SCTPAddr: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// `"sctp"`.
    public static var network: String { "sctp" }
    /// The first (primary) IP address.
    public var ip: IPAddress
    /// The IPv6 zone of the first address, or nil.
    public var zone: IPv6Zone?
    /// The port, shared by every address (0 when binding: any free port).
    public var port: UInt16
    /// The other addresses of a multi-homed endpoint, in order; empty for a single address.
    public var additionalAddresses: [IPAddr]

    /// Creates `ip:port`, optionally with a zone and more addresses for multi-homing.
    @inlinable
    public init(ip: IPAddress, port: UInt16, zone: IPv6Zone? = nil, additionalAddresses: [IPAddr] = []) {
        self.ip = ip
        self.port = port
        self.zone = zone
        self.additionalAddresses = additionalAddresses
    }

    /// Creates a multi-homed endpoint from a non-empty list of addresses; nil when `addresses`
    /// is empty.
    @inlinable
    public init?(addresses: [IPAddr], port: UInt16) {
        guard let first = addresses.first else { return nil }
        self.init(ip: first.ip, port: port, zone: first.zone, additionalAddresses: Array(addresses.dropFirst()))
    }

    /// Copies the address, zone and port of a TCP or UDP endpoint.
    @inlinable
    public init(_ endpoint: some IPEndpoint) {
        self.init(ip: endpoint.ip, port: endpoint.port, zone: endpoint.zone)
    }

    /// Creates an endpoint from an address the kernel returned (`AF_INET` or `AF_INET6`).
    ///
    /// - Throws: `.invalidArgument` with `.unsupportedFamily` or `.truncatedAddress`.
    @inlinable
    public init(_ address: SocketAddress) throws(SocketError) {
        self.init(try TCPAddr(address))
    }

    /// The first address with its zone.
    @inlinable
    public var primary: IPAddr { IPAddr(ip: ip, zone: zone) }

    /// Every address, the first one first. Allocates; see ``addressCount`` and ``address(at:)``
    /// for allocation-free access.
    public var addresses: [IPAddr] { [primary] + additionalAddresses }

    /// How many addresses the endpoint has (at least 1).
    @inlinable
    public var addressCount: Int { 1 + additionalAddresses.count }

    /// The address at `index` (0 is ``primary``).
    @inlinable
    public func address(at index: Int) -> IPAddr {
        index == 0 ? primary : additionalAddresses[index - 1]
    }

    /// The endpoint of the address at `index`, as a ``TCPAddr``-shaped value (address, zone and
    /// this port), for the core's conversions.
    func endpoint(at index: Int) -> TCPAddr {
        let a = address(at: index)
        return TCPAddr(ip: a.ip, port: port, zone: a.zone)
    }

    /// Parses the text form (see the type's documentation), or returns nil.
    public init?(_ text: String) {
        guard let parsed = try? SCTPAddr(parsing: text) else { return nil }
        self = parsed
    }

    /// Parses `host:port` or `host/host/...:port` (see the type's documentation).
    ///
    /// - Throws: `SocketError` `.invalidArgument` with the details of `TCPAddr/init(parsing:)`
    ///   (`.missingPort`, `.portOutOfRange`, `.malformedHostPort`, `.malformedIPv4`,
    ///   `.malformedIPv6`, `.malformedZone`, `.hostNotLiteral`); an empty host in a multi-address
    ///   text is `.malformedHostPort`.
    public init(parsing text: some StringProtocol) throws(SocketError) {
        var copy = String(text)
        let result = copy.withUTF8 { SCTPAddrText.parse(UnsafeRawBufferPointer($0)) }
        self = try result.get()
    }

    /// Parses from UTF-8 bytes; see `init(parsing:)`. Allocation-free for a
    /// single address.
    ///
    /// - Throws: `SocketError` `.invalidArgument`, with the details listed there.
    public init(parsing utf8: UnsafeRawBufferPointer) throws(SocketError) {
        self = try SCTPAddrText.parse(utf8).get()
    }

    /// `127.0.0.1:9`, `[::1]:9`, or `10.0.0.1/[2001:db8::1]:9` for several addresses.
    public var description: String {
        var text = ""
        for index in 0..<addressCount {
            if index > 0 { text += "/" }
            let a = address(at: index)
            if case .v6 = a.ip { text += "[\(a)]" } else { text += a.description }
        }
        return text + ":\(port)"
    }
}

/// The text parser of ``SCTPAddr``: `/`-separated hosts, the last one with `:port`.
enum SCTPAddrText {
    static func parse(_ text: UnsafeRawBufferPointer) -> Result<SCTPAddr, SocketError> {
        var start = 0
        var first: TCPAddr?
        var more: [IPAddr] = []
        while true {
            var slash: Int?
            for i in start..<text.count where text[i] == UInt8(ascii: "/") {
                slash = i
                break
            }
            guard let end = slash else { break }
            let host: IPAddr
            switch parseHost(UnsafeRawBufferPointer(rebasing: text[start..<end])) {
            case .success(let parsed): host = parsed
            case .failure(let error): return .failure(error)
            }
            if first == nil { first = TCPAddr(ip: host.ip, port: 0, zone: host.zone) } else { more.append(host) }
            start = end + 1
        }
        let lastText = UnsafeRawBufferPointer(rebasing: text[start..<text.count])
        let last: TCPAddr
        do throws(SocketError) {
            last = try TCPAddr(parsing: lastText)
        } catch {
            return .failure(error)
        }
        guard var head = first else { return .success(SCTPAddr(last)) }
        // "a/:9" has an empty last host, which the single-address form reads as "::".
        if lastText.first == UInt8(ascii: ":") { return .failure(.invalid(.malformedHostPort, .parseAddress)) }
        head.port = last.port
        more.append(IPAddr(ip: last.ip, zone: last.zone))
        return .success(SCTPAddr(ip: head.ip, port: head.port, zone: head.zone, additionalAddresses: more))
    }

    /// `192.0.2.1`, `[2001:db8::1]`, `[fe80::1%eth0]` (also unbracketed IPv6).
    static func parseHost(_ text: UnsafeRawBufferPointer) -> Result<IPAddr, SocketError> {
        guard !text.isEmpty else { return .failure(.invalid(.malformedHostPort, .parseAddress)) }
        var inner = text
        if text.first == UInt8(ascii: "[") {
            guard text.count >= 2, text.last == UInt8(ascii: "]") else {
                return .failure(.invalid(.malformedHostPort, .parseAddress))
            }
            inner = UnsafeRawBufferPointer(rebasing: text[1..<text.count - 1])
        }
        do throws(SocketError) {
            let host = try IPAddr(parsing: inner)
            if inner.count != text.count, case .v4 = host.ip {
                return .failure(.invalid(.malformedIPv6, .parseAddress))  // brackets are for IPv6
            }
            return .success(host)
        } catch {
            return .failure(error)
        }
    }
}
#endif
