// decode: kernel sockaddr_storage -> family, port and address. C baseline: baseline/w_addr.c (wl_decode).

import CBenchSupport
import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op = decode one received address: `SocketAddress.kind` on a `SocketAddress` the kernel filled
/// (as the socket layer leaves it after `recvfrom`/`accept4`), then port and address (and scope ID
/// for IPv6) out of the typed view, into a sink. Ops alternate an AF_INET (127.0.0.1:8080) and an
/// AF_INET6 ([2001:db8::ff00:42:8329]:443, scope 0) address, like the C baseline, which switches on
/// `ss_family` and copies the fields out of the same `sockaddr_storage` bytes.
/// The two addresses sit in memory handed to an opaque call once, so every op must read them again.
func decode(_ parameters: RunParameters) -> Measurement {
    let addresses = UnsafeMutablePointer<SocketAddress>.allocate(capacity: 2)
    defer { addresses.deallocate() }
    addresses.initialize(to: SocketAddress(SockaddrInet4(address: AddressInputs.v4, port: 8080)))
    (addresses + 1).initialize(to: SocketAddress(SockaddrInet6(address: AddressInputs.v6, port: 443)))
    guard addresses[0].length == socklen_t(MemoryLayout<sockaddr_in>.size),
        addresses[1].length == socklen_t(MemoryLayout<sockaddr_in6>.size),
        decodeOne(addresses[0].kind) == UInt64(0x7F00_0001) ^ 8080,
        decodeOne(addresses[1].kind) == AddressInputs.v6.highBits ^ AddressInputs.v6.lowBits ^ 443
    else { fail("decode: the test addresses do not decode to what they were built from") }
    bench_sink_ptr(addresses)
    return measure(parameters) { i in
        bench_sink_u64(decodeOne(addresses[i & 1].kind))
    }
}

/// Family, port and address (and IPv6 scope) of a decoded address, folded into one value for the sink.
@inline(__always)
private func decodeOne(_ kind: SocketAddress.Kind) -> UInt64 {
    switch kind {
    case .inet4(let v4):
        return UInt64(v4.address.hostOrder) ^ UInt64(v4.port)
    case .inet6(let v6):
        let a = v6.address
        return a.highBits ^ a.lowBits ^ UInt64(v6.port) ^ UInt64(v6.scopeID)
    default:
        // Not `\(kind)`: interpolating the whole Kind here made the compiler copy the 110-byte
        // storage (the `.unix` payload) on every op, hoisted above the switch; naming the case is
        // enough for an error that cannot happen.
        fail("decode: unexpected address kind (not inet4/inet6)")
    }
}
