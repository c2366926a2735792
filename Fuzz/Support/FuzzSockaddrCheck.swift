// Shared by the SCTP targets: a kernel `struct sockaddr_storage` (or a packed `sockaddr_in` /
// `sockaddr_in6`) inside a larger struct, checked against its raw bytes.

import SockPOSIX

/// A `struct sockaddr_storage` at `offset` of `bytes` decoded as the kernel's families are: IPv4
/// and IPv6 by their own length, AF_UNSPEC as no address, anything else kept as it is or refused.
func checkEmbeddedAddress(_ address: SocketAddress, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    let family = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    _ = address.description
    switch address.kind {
    case .unspecified:
        require(family == 0, "unspecified address from family \(family)")
    case .inet4(let v4):
        require(family == 2 && address.length == 16, "inet4 from family \(family), length \(address.length)")
        checkInet4(v4.address, v4.port, bytes, at: offset)
    case .inet6(let v6):
        require(family == 10 && address.length == 28, "inet6 from family \(family), length \(address.length)")
        checkInet6(v6.address, v6.port, bytes, at: offset)
    case .unix, .other, .truncated:
        require(family != 0 && family != 2 && family != 10, "family \(family) decoded as \(address.kind)")
    }
}

/// The port and address of the `sockaddr_in` at `offset` (literal offsets: port 2, address 4).
func checkInet4(_ address: IPv4Address, _ port: UInt16, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    require(port == UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)), "v4 port")
    let raw = IPv4Address(bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7])
    require(address == raw, "v4 address \(address), bytes say \(raw)")
}

/// The port and address of the `sockaddr_in6` at `offset` (literal offsets: port 2, address 8).
func checkInet6(_ address: IPv6Address, _ port: UInt16, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    require(port == UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)), "v6 port")
    let raw = IPv6Address(bytes: UnsafeRawBufferPointer(rebasing: bytes[(offset + 8)..<(offset + 24)]))
    require(address == raw, "v6 address")
}
