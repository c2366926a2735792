import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The probes of Linux-only features (SockLinux). On other systems each reports "Linux-only".
enum LinuxProbes {
    #if os(Linux)
    /// One GSO send of 3 segments to a loopback receiver: 3 datagrams must arrive.
    static func udpGSO() throws(SocketError) -> String {
        try withLoopbackUDP { sender, receiver, payload throws(SocketError) -> String in
            _ = try sender.sendSegmented(UnsafeRawBufferPointer(rebasing: payload[..<3000]), segmentSize: 1000)
            var sizes: [Int] = []
            for _ in 0..<3 {
                receiver.setReadDeadline(.after(Probes.stepTimeout))
                sizes.append(try receiver.receive(into: payload).count)
            }
            guard sizes == [1000, 1000, 1000] else { throw SocketError(.other, operation: .receiveFrom) }
            return "one 3000-byte send (UDP_SEGMENT 1000) arrived as 3 datagrams"
        }
    }

    /// UDP_GRO on a receiver, then a GSO send: the receiver should get one coalesced receive with
    /// the segment size in a control message.
    static func udpGRO() throws(SocketError) -> String {
        try withLoopbackUDP { sender, receiver, payload throws(SocketError) -> String in
            try receiver.setGRO(true)
            guard try receiver.gro() else { throw SocketError(.notSupported, operation: .getsockopt) }
            do throws(SocketError) {
                _ = try sender.sendSegmented(UnsafeRawBufferPointer(rebasing: payload[..<3000]), segmentSize: 1000)
            } catch {
                return "UDP_GRO accepted (coalescing not checked: a GSO send failed: \(error))"
            }
            let control = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
            defer { control.deallocate() }
            receiver.setReadDeadline(.after(Probes.stepTimeout))
            let result = try receiver.receiveMessage(into: payload, control: control)
            let segment = ControlMessages(control, count: result.controlCount).groSegmentSize
            if let segment, result.count == 3000 {
                return "3 datagrams arrived as one 3000-byte receive with segment size \(segment)"
            }
            return "UDP_GRO accepted; this receive was not coalesced (\(result.count) bytes)"
        }
    }

    /// sendmmsg of 4 datagrams and one recvmmsg that gets them all.
    static func batches() throws(SocketError) -> String {
        try withLoopbackUDP { sender, receiver, _ throws(SocketError) -> String in
            let batch = try UDPBatch(capacity: 4, messageSize: 64, controlSize: 0)
            for index in 0..<4 {
                batch.buffer(at: index)[0] = UInt8(index)
                try batch.setMessage(at: index, count: 8)
            }
            let sent = try sender.sendMessages(batch, count: 4)
            var received = 0
            while received < sent {
                receiver.setReadDeadline(.after(Probes.stepTimeout))
                received += try receiver.receiveMessages(batch)
            }
            return "sendmmsg sent \(sent) datagrams, recvmmsg received \(received)"
        }
    }

    /// The size of the `tcp_info` the kernel returns on a live connection.
    static func tcpInfo(on conn: TCPConn) -> ProbeRow {
        Probes.row("tcp-info") { () throws(SocketError) -> String in
            let info = try conn.tcpInfo()
            let state = info.state.map { " (state \($0))" } ?? ""
            return "the kernel returns \(info.length) bytes of struct tcp_info\(state)"
        }
    }

    /// Joins and leaves an administratively scoped group on the loopback interface: membership
    /// only, no datagram is sent.
    static func multicast() throws(SocketError) -> String {
        let socket = try UDPConn.listen("127.0.0.1:0")
        defer { socket.close() }
        let group = try IPAddress(parsing: "239.255.77.77")
        try socket.joinGroup(group, on: .address(.loopback))
        try socket.leaveGroup(group, on: .address(.loopback))
        return "joined and left \(group) on 127.0.0.1 (no traffic sent)"
    }

    /// SO_BUSY_POLL set and read back (loopback has no NAPI, so only the option is checked).
    static func busyPoll() throws(SocketError) -> String {
        let socket = try UDPConn.listen("127.0.0.1:0")
        defer { socket.close() }
        try socket.setBusyPoll(.microseconds(50))
        let value = try socket.busyPoll()
        guard value == .microseconds(50) else { throw SocketError(.other, operation: .getsockopt) }
        return "set to 50 µs and read back"
    }

    /// An SCTP association over loopback.
    static func sctp() throws(SocketError) -> String {
        try SCTPSupport.probe()
    }

    /// A connected UDP sender, its loopback receiver and a 64 KiB scratch buffer.
    static func withLoopbackUDP(
        _ body: (UDPConn, UDPConn, UnsafeMutableRawBufferPointer) throws(SocketError) -> String
    ) throws(SocketError) -> String {
        let receiver = try UDPConn.listen("127.0.0.1:0")
        defer { receiver.close() }
        let sender = try UDPConn.dial(try receiver.endpoint())
        defer { sender.close() }
        let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: 65536, alignment: 16)
        defer { payload.deallocate() }
        payload.initializeMemory(as: UInt8.self, repeating: 0x5A)
        return try body(sender, receiver, payload)
    }
    #else
    static func linuxOnly() throws(SocketError) -> String { throw SocketError(.notSupported, operation: .socket) }
    static func udpGSO() throws(SocketError) -> String { try linuxOnly() }
    static func udpGRO() throws(SocketError) -> String { try linuxOnly() }
    static func batches() throws(SocketError) -> String { try linuxOnly() }
    static func multicast() throws(SocketError) -> String { try linuxOnly() }
    static func busyPoll() throws(SocketError) -> String { try linuxOnly() }
    static func sctp() throws(SocketError) -> String { try linuxOnly() }
    static func tcpInfo(on conn: TCPConn) -> ProbeRow {
        ProbeRow(name: "tcp-info", available: false, detail: "TCP_INFO is read by SockLinux (Linux-only)")
    }
    #endif

    /// io_uring: Sock exposes descriptors for io_uring but makes no io_uring call itself, so
    /// sockcat reports the kernel's switch, `/proc/sys/kernel/io_uring_disabled` (Linux 6.6):
    /// 0 enabled, 1 only for the `io_uring_group`, 2 disabled.
    static func ioUring() -> ProbeRow {
        #if os(Linux)
        let path = "/proc/sys/kernel/io_uring_disabled"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            return ProbeRow(
                name: "io-uring",
                available: false,
                detail: "unknown: \(path) is missing (kernel before 6.6, or no CONFIG_IO_URING)"
            )
        }
        defer { close(fd) }
        var byte: UInt8 = 0
        guard read(fd, &byte, 1) == 1 else {
            return ProbeRow(name: "io-uring", available: false, detail: "unknown: \(path) is unreadable")
        }
        switch byte {
        case UInt8(ascii: "0"):
            return ProbeRow(
                name: "io-uring",
                available: true,
                detail: "enabled for all (\(path) = 0); use a socket's fileDescriptor with io_uring"
            )
        case UInt8(ascii: "1"):
            return ProbeRow(
                name: "io-uring",
                available: false,
                detail: "restricted to CAP_SYS_ADMIN and kernel.io_uring_group (\(path) = 1)"
            )
        default:
            return ProbeRow(name: "io-uring", available: false, detail: "disabled (\(path) = 2)")
        }
        #else
        return ProbeRow(name: "io-uring", available: false, detail: "io_uring is Linux-only")
        #endif
    }
}
