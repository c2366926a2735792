import Sock

/// The protocols `listen` and `connect` speak.
enum Proto: String, CaseIterable {
    case tcp, udp, unix, unixgram, unixpacket, sctp

    /// Parses a PROTO argument.
    init(parsing text: String, help: String) throws(UsageError) {
        guard let proto = Proto(rawValue: text) else {
            let known = Proto.allCases.map(\.rawValue).joined(separator: ", ")
            throw UsageError("unknown protocol '\(Console.escaped(text))' (expected one of \(known))", help: help)
        }
        self = proto
    }

    /// Datagram protocols have no connection to accept and no end of stream.
    var isDatagram: Bool { self == .udp || self == .unixgram }

    /// Whether ADDR is an IP endpoint (else a Unix name).
    var usesIP: Bool { self == .tcp || self == .udp || self == .sctp }

    /// The Unix network for the unix protocols.
    var unixNetwork: UnixNetwork? {
        switch self {
        case .unix: .unix
        case .unixgram: .unixgram
        case .unixpacket: .unixpacket
        default: nil
        }
    }
}

/// A parsed ADDR: an IP endpoint (kept as a `TCPAddr`; UDP and SCTP use the same fields) or a
/// Unix name.
enum Endpoint: CustomStringConvertible {
    case ip(TCPAddr)
    case unix(UnixAddr)

    /// Parses ADDR for `proto`: `host:port` (an IP literal, or a name resolved once with
    /// `getaddrinfo`), or a Unix path / `@name`.
    init(parsing text: String, proto: Proto, help: String) throws(UsageError) {
        if let network = proto.unixNetwork {
            do throws(SocketError) {
                self = .unix(try UnixAddr(name: text, network: network))
            } catch {
                throw UsageError("bad Unix address '\(Console.escaped(text))': \(error)", help: help)
            }
            return
        }
        do throws(SocketError) {
            self = .ip(try TCPAddr(parsing: text))
        } catch  where error.detail == .hostNotLiteral {
            self = .ip(try Endpoint.resolve(text, help: help))
        } catch {
            throw UsageError("bad address '\(Console.escaped(text))': \(error)", help: help)
        }
    }

    /// `name:port` through `getaddrinfo` (setup code only; never on a hot path).
    private static func resolve(_ text: String, help: String) throws(UsageError) -> TCPAddr {
        guard let colon = text.lastIndex(of: ":") else {
            throw UsageError("missing port in '\(Console.escaped(text))'", help: help)
        }
        let host = String(text[..<colon])
        guard let port = UInt16(text[text.index(after: colon)...]) else {
            throw UsageError("bad port in '\(Console.escaped(text))'", help: help)
        }
        do throws(SocketError) {
            return try TCPAddr.resolve(host: host, port: port)[0]
        } catch {
            throw UsageError("cannot resolve '\(Console.escaped(host))': \(error)", help: help)
        }
    }

    var description: String {
        switch self {
        case .ip(let address): address.description
        case .unix(let address): address.description
        }
    }

    /// The IP endpoint as a UDP address.
    var udp: UDPAddr? {
        if case .ip(let address) = self { return UDPAddr(ip: address.ip, port: address.port, zone: address.zone) }
        return nil
    }
}
