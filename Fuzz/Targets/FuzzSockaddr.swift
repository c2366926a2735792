// Socket addresses decoded from arbitrary bytes and lengths, as accept/recvfrom/recvmsg and
// getsockname hand them over: every length 0...300 with any family, never an out-of-bounds read,
// and every accepted address converts, formats and compares consistently.

import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSockaddr(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    let length = socklen_t(input.uint16() % 300)
    let body = input.rest()
    // The caller's buffer holds exactly `length` bytes (the decoder's contract), or the fuzzer's
    // bytes when it claims more than 128: those lengths must be refused before any read.
    let exact = Int(length) <= 128 ? Int(length) : body.count
    let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(exact, 1), alignment: 8)
    defer { bytes.deallocate() }
    bytes.initializeMemory(as: UInt8.self, repeating: 0)
    if exact > 0 { bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: body[..<min(body.count, exact)])) }
    if Int(length) > 128 && body.count < Int(length) {
        // Refused on length alone: never dereferenced.
        checkRefusal(bytes.baseAddress!, length)
        return 0
    }
    let pointer = bytes.baseAddress!.assumingMemoryBound(to: sockaddr.self)
    let address: SocketAddress
    do {
        address = try SocketAddress(decoding: pointer, length: length)
    } catch {
        require(error.code == .invalidArgument && error.operation == .decodeAddress, "bad error \(error)")
        require(error.detail == .truncatedAddress || error.detail == .pathTooLong, "bad detail \(error)")
        return 0
    }
    require(address.length == length, "length changed")
    require(address == address && address.hashValue == address.hashValue, "equality")
    _ = address.description
    switch address.kind {
    case .unspecified:
        require(length == 0, "unspecified with length \(length)")
    case .inet4(let v4):
        require(Int(length) >= 16, "short inet4 accepted")
        checkInet(.v4(v4))
    case .inet6(let v6):
        require(Int(length) >= 28, "short inet6 accepted")
        checkInet(.v6(v6))
    case .unix(let unix):
        require(unix.length <= length, "unix length grew")
        let text = formatted(capacity: 1 + SockaddrUnix.maxPathLength) { try unix.format(into: $0) }
        require(text != nil, "unix format failed")
        _ = unix.path
        _ = unix.abstractName
    case .other(let family):
        require(family != sa_family_t(AF_INET) && family != sa_family_t(AF_INET6), "inet as other")
        require((try? InetSockaddr(address)) == nil, "InetSockaddr from another family")
    case .truncated:
        require((try? InetSockaddr(address)) == nil, "InetSockaddr from a truncated address")
    }
    // The storage initializer agrees with the pointer one.
    let storage = address.raw
    let again = try? SocketAddress(storage, length: length)
    require(again == address, "storage initializer differs")
    address.withUnsafeSockaddr { _, n in require(n == length, "withUnsafeSockaddr length") }
    return 0
}

func checkRefusal(_ bytes: UnsafeMutableRawPointer, _ length: socklen_t) {
    do {
        _ = try SocketAddress(decoding: bytes.assumingMemoryBound(to: sockaddr.self), length: length)
        require(false, "length \(length) accepted")
    } catch {
        require(error.detail == .truncatedAddress, "bad detail \(error)")
    }
}

func checkInet(_ sa: InetSockaddr) {
    let text = formatted(capacity: 63) { try sa.format(into: $0) }
    require(text != nil, "inet format failed")
    require(text! == Array(sa.description.utf8), "inet description differs from format")
    let endpoint = UDPAddr(sa)
    require(endpoint.port == sa.port, "endpoint port")
    require(SocketAddress(sa).kind != .truncated, "re-wrapped address truncated")
}
