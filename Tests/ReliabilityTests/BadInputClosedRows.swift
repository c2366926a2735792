// Bad-input rows: every operation on a closed socket throws `.closed` before touching the
// descriptor number (which the kernel may already have given to another file).

import Sock

#if canImport(Glibc)
import Glibc
#endif

/// A closed UDP socket on 127.0.0.1, and a closed TCP listener, connection and Unix pair.
func closedUDP() throws(SocketError) -> UDPConn {
    let c = try UDPConn.listen(UDPAddr(ip: .v4(.loopback), port: 0))
    c.close()
    return c
}

func closedTCP() throws(SocketError) -> TCPConn {
    let listener = try TCPListener("127.0.0.1:0")
    defer { listener.close() }
    let c = try TCPConn.dial(try listener.endpoint())
    c.close()
    return c
}

func closedListener() throws(SocketError) -> TCPListener {
    let l = try TCPListener("127.0.0.1:0")
    l.close()
    return l
}

func closedUnix() throws(SocketError) -> UnixConn {
    let (a, b) = try UnixConn.pair()
    a.close()
    b.close()
    return a
}

extension BadInput {
    static func closedRow(_ entry: String, _ run: @escaping @Sendable () throws(SocketError) -> Void) -> BadInput {
        BadInput("Closed sockets", entry, "a closed socket", .closed, nil, run)
    }

    static let closed: [BadInput] = [
        closedRow("read(into:)") { () throws(SocketError) in
            try withBuffer(8) { (b) throws(SocketError) in _ = try closedUnix().read(into: b) }
        },
        closedRow("write(_:)") { () throws(SocketError) in _ = try closedUnix().write([1]) },
        closedRow("writeAll(_:)") { () throws(SocketError) in try closedUnix().writeAll([1]) },
        closedRow("readv(_:)") { () throws(SocketError) in
            try withIOVecs(1) { (v) throws(SocketError) in _ = try closedUnix().readv(v) }
        },
        closedRow("writev(_:)") { () throws(SocketError) in
            try withIOVecs(1) { (v) throws(SocketError) in _ = try closedUnix().writev(v) }
        },
        closedRow("read(into:flags:)") { () throws(SocketError) in
            try withBuffer(8) { (b) throws(SocketError) in _ = try closedUnix().read(into: b, flags: []) }
        },
        closedRow("write(_:flags:)") { () throws(SocketError) in
            try withPayload(1) { (p) throws(SocketError) in _ = try closedUnix().write(p, flags: []) }
        },
        closedRow("UDPConn.receive(into:flags:)") { () throws(SocketError) in
            try withBuffer(8) { (b) throws(SocketError) in _ = try closedUDP().receive(into: b) }
        },
        closedRow("UDPConn.send(_:to:flags:)") { () throws(SocketError) in
            try withPayload(1) { (p) throws(SocketError) in
                _ = try closedUDP().send(p, to: UDPAddr(ip: .v4(.loopback), port: 9))
            }
        },
        closedRow("receiveMessage(into:control:flags:)") { () throws(SocketError) in
            try withBuffer(8) { (b) throws(SocketError) in
                _ = try closedUDP().receiveMessage(into: b, control: b)
            }
        },
        closedRow("sendMessage(_:control:flags:)") { () throws(SocketError) in
            try withPayload(1) { (p) throws(SocketError) in
                _ = try closedUDP().sendMessage(p, control: UnsafeRawBufferPointer(start: nil, count: 0))
            }
        },
        closedRow("sendMessage(_:control:to:flags:)") { () throws(SocketError) in
            try withPayload(1) { (p) throws(SocketError) in
                _ = try closedUDP().sendMessage(
                    p,
                    control: UnsafeRawBufferPointer(start: nil, count: 0),
                    to: SockaddrInet4(address: .loopback, port: 9)
                )
            }
        },
        closedRow("TCPListener.accept()") { () throws(SocketError) in _ = try closedListener().accept() },
        // bind, listen and connect are the untyped socket's (the typed ones do them in their
        // constructors).
        closedRow("bind(_:)") { () throws(SocketError) in
            try closedUDP().netSocket.bind(SockaddrInet4(address: .loopback, port: 0))
        },
        closedRow("listen(backlog:)") { () throws(SocketError) in try closedTCP().netSocket.listen() },
        closedRow("connect(to:)") { () throws(SocketError) in
            try closedTCP().netSocket.connect(to: SockaddrInet4(address: .loopback, port: 9))
        },
        closedRow("finishConnect(until:)") { () throws(SocketError) in
            try closedTCP().finishConnect(until: .after(.seconds(1)))
        },
        closedRow("shutdown(_:)") { () throws(SocketError) in try closedTCP().shutdown(.both) },
        closedRow("localAddress()") { () throws(SocketError) in _ = try closedTCP().localAddress() },
        closedRow("remoteAddress()") { () throws(SocketError) in _ = try closedTCP().remoteAddress() },
        closedRow("waitReady(_:until:)") { () throws(SocketError) in _ = try closedTCP().waitReady(.read, until: nil) },
        closedRow("pendingError()") { () throws(SocketError) in _ = try closedTCP().pendingError() },
        closedRow("withFileDescriptor(_:)") { () throws(SocketError) in
            _ = try closedTCP().withFileDescriptor { (fd) throws(SocketError) -> CInt in fd }
        },
        closedRow("releaseFileDescriptor()") { () throws(SocketError) in _ = try closedTCP().releaseFileDescriptor() },
        closedRow("getOption(level:name:as:)") { () throws(SocketError) in
            let _: CInt = try closedTCP().getOption(level: .socket, name: OptionName(rawValue: SO_TYPE))
        },
        closedRow("setOption(level:name:_:)") { () throws(SocketError) in
            try closedTCP().setOption(level: .socket, name: OptionName(rawValue: SO_KEEPALIVE), CInt(1))
        },
        closedRow("setNoDelay(_:)") { () throws(SocketError) in try closedTCP().setNoDelay(true) },
        closedRow("setUserTimeout(_:)") { () throws(SocketError) in try closedTCP().setUserTimeout(.seconds(1)) },
        closedRow("tcpInfo()") { () throws(SocketError) in _ = try closedTCP().tcpInfo() },
        closedRow("setCongestionControl(_:)") { () throws(SocketError) in try closedTCP().setCongestionControl("reno")
        },
        closedRow("sendMessages(_:count:)") { () throws(SocketError) in
            _ = try closedUDP().sendMessages(try validBatch(), count: 1)
        },
        closedRow("receiveMessages(_:maxCount:)") { () throws(SocketError) in
            _ = try closedUDP().receiveMessages(try validBatch())
        },
        closedRow("sendSegmented(_:segmentSize:)") { () throws(SocketError) in
            try withPayload(100) { (p) throws(SocketError) in _ = try closedUDP().sendSegmented(p, segmentSize: 10) }
        },
        closedRow("receiveError(into:control:)") { () throws(SocketError) in
            try withBuffer(64) { (b) throws(SocketError) in _ = try closedUDP().receiveError(into: b, control: b) }
        },
        closedRow("joinGroup(_:on:)") { () throws(SocketError) in
            try closedUDP().joinGroup(.v4(try IPv4Address(parsing: "239.1.2.3")))
        },
        closedRow("sendDescriptors(_:data:)") { () throws(SocketError) in
            _ = try closedUnix().sendDescriptors([0], data: [1])
        },
        closedRow("receiveDescriptors(into:descriptors:)") { () throws(SocketError) in
            try withBuffer(8) { (b) throws(SocketError) in
                let fds = UnsafeMutableBufferPointer<CInt>.allocate(capacity: 1)
                defer { fds.deallocate() }
                _ = try closedUnix().receiveDescriptors(into: b, descriptors: fds)
            }
        },
        closedRow("peerCredentials()") { () throws(SocketError) in _ = try closedUnix().peerCredentials() },
    ]
}
