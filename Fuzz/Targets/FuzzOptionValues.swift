// Option values from outside: every integer and duration setter, fed any Int or Duration, either
// applies the value exactly (read back, never truncated or wrapped) or throws a specific error;
// never an arithmetic trap. The sockets are real (one UDP/IPv4, one UDP/IPv6, one TCP), made once.

import SockLinux
import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

let udp4 = try! UDPConn.listen(UDPAddr(ip: .v4(.loopback), port: 0))
let udp6 = try! UDPConn.listen(UDPAddr(ip: .v6(.loopback), port: 0))
let tcp = try! TCPConn(NetSocket(family: .inet, type: .stream, protocol: .tcp))
// The same unconnected socket as a listener, for the listener-only options.
let tcpListener = try! TCPListener(tcp.netSocket)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOptionValues(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    while input.remaining >= 9 {
        let which = input.byte()
        let raw = UInt64(input.uint32()) | UInt64(input.uint32()) << 32
        // Small values matter most (the edges of each range): map most inputs near 0.
        let value = (which & 0x80 != 0) ? Int(truncatingIfNeeded: raw) : Int(Int16(truncatingIfNeeded: raw))
        apply(which & 0x7F, value)
    }
    return 0
}

/// A duration of `value` units of `1 / perSecond` seconds plus a fraction, built without
/// overflowing `Duration` itself.
func duration(_ value: Int, perSecond: Int64) -> Duration {
    let seconds = Int64(value) / perSecond
    let rest = Int64(value) % perSecond
    return Duration(secondsComponent: seconds, attosecondsComponent: rest * (1_000_000_000_000_000_000 / perSecond))
}

/// Runs `set`; when it succeeds, `readBack` must return `expected` (if given).
func exercise(
    _ name: String,
    _ value: Int,
    _ set: () throws(SocketError) -> Void,
    readBack: (() throws(SocketError) -> Int)? = nil,
    expected: Int? = nil
) {
    do throws(SocketError) {
        try set()
    } catch {
        switch error.code {
        case .invalidArgument:
            // Sock's own range check (a detail, errno 0) or the kernel's EINVAL (errno, no detail).
            require((error.detail == .valueOutOfRange) == (error.errno == 0), "\(name)(\(value)): \(error)")
        case .permissionDenied, .notSupported, .other:
            require(error.errno != 0 && error.detail == nil, "\(name)(\(value)): \(error)")
        default:
            require(false, "\(name)(\(value)): unexpected \(error)")
        }
        return
    }
    guard let readBack, let expected else { return }
    do throws(SocketError) {
        let got = try readBack()
        require(got == expected, "\(name)(\(value)) reads back \(got), expected \(expected)")
    } catch {
        require(false, "\(name): read back failed: \(error)")
    }
}

func apply(_ which: UInt8, _ v: Int) {
    switch which % 24 {
    case 0:
        exercise(
            "setTTL",
            v,
            { () throws(SocketError) in try udp4.setTTL(v) },
            readBack: { () throws(SocketError) in try udp4.ttl() },
            expected: v
        )
    case 1: exercise("setTOS", v, { () throws(SocketError) in try udp4.setTOS(v) })
    case 2:
        exercise(
            "setHopLimit",
            v,
            { () throws(SocketError) in try udp6.setHopLimit(v) },
            readBack: { () throws(SocketError) in try udp6.hopLimit() },
            expected: v == -1 ? nil : v
        )
    case 3: exercise("setTrafficClass", v, { () throws(SocketError) in try udp6.setTrafficClass(v) })
    case 4: exercise("setSendBufferSize", v, { () throws(SocketError) in try udp4.setSendBufferSize(v) })
    case 5: exercise("setReceiveBufferSize", v, { () throws(SocketError) in try udp4.setReceiveBufferSize(v) })
    case 6:
        exercise(
            "setPriority",
            v,
            { () throws(SocketError) in try udp4.setPriority(v) },
            readBack: { () throws(SocketError) in try udp4.priority() },
            expected: v
        )
    case 7:
        exercise(
            "setSegmentSize",
            v,
            { () throws(SocketError) in try udp4.setSegmentSize(v) },
            readBack: { () throws(SocketError) in try udp4.segmentSize() },
            expected: v
        )
    case 8: exercise("setMulticastHopLimit", v, { () throws(SocketError) in try udp4.setMulticastHopLimit(v) })
    case 9: exercise("setIncomingCPU", v, { () throws(SocketError) in try udp4.setIncomingCPU(v) })
    case 10: exercise("setReceiveLowWatermark", v, { () throws(SocketError) in try udp4.setReceiveLowWatermark(v) })
    case 11:
        let d = duration(v, perSecond: 1_000_000)
        exercise("setBusyPoll", v, { () throws(SocketError) in try udp4.setBusyPoll(d) })
    case 12:
        let d = duration(v, perSecond: 1000)
        exercise(
            "setUserTimeout",
            v,
            { () throws(SocketError) in try tcp.setUserTimeout(d) },
            readBack: { () throws(SocketError) in milliseconds(try tcp.userTimeout()) },
            expected: v
        )
    case 13:
        let d = duration(v, perSecond: 1)
        exercise(
            "setKeepAliveIdle",
            v,
            { () throws(SocketError) in try tcp.setKeepAliveIdle(d) },
            readBack: { () throws(SocketError) in Int(try tcp.keepAliveIdle().components.seconds) },
            expected: v
        )
    case 14:
        let d = duration(v, perSecond: 1000)
        exercise("setKeepAliveInterval", v, { () throws(SocketError) in try tcp.setKeepAliveInterval(d) })
    case 15:
        exercise(
            "setKeepAliveCount",
            v,
            { () throws(SocketError) in try tcp.setKeepAliveCount(v) },
            readBack: { () throws(SocketError) in try tcp.keepAliveCount() },
            expected: v
        )
    case 16:
        let d = duration(v, perSecond: 1)
        exercise("setKeepAlivePeriod", v, { () throws(SocketError) in try tcp.setKeepAlivePeriod(d) })
    case 17:
        let d = duration(v, perSecond: 1)
        exercise("setDeferAccept", v, { () throws(SocketError) in try tcpListener.setDeferAccept(d) })
    case 18:
        exercise(
            "setNotSentLowWatermark",
            v,
            { () throws(SocketError) in try tcp.setNotSentLowWatermark(v) },
            readBack: { () throws(SocketError) in try tcp.notSentLowWatermark() },
            expected: v
        )
    case 19: exercise("setMaxSegmentSize", v, { () throws(SocketError) in try tcp.setMaxSegmentSize(v) })
    case 20:
        exercise(
            "setSynCount",
            v,
            { () throws(SocketError) in try tcp.setSynCount(v) },
            readBack: { () throws(SocketError) in try tcp.synCount() },
            expected: v
        )
    case 21: exercise("setWindowClamp", v, { () throws(SocketError) in try tcp.setWindowClamp(v) })
    case 22:
        let d = duration(v, perSecond: 1)
        exercise(
            "setLinger",
            v,
            { () throws(SocketError) in try tcp.setLinger(d) },
            readBack: { () throws(SocketError) in Int(try tcp.lingerTimeout()?.components.seconds ?? -1) },
            expected: v
        )
    default:
        let d = duration(v, perSecond: 1000)
        exercise("setFinWait2Timeout", v, { () throws(SocketError) in try tcp.setFinWait2Timeout(d) })
    }
}

/// Whole milliseconds of `d`.
func milliseconds(_ d: Duration) -> Int {
    Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
}
