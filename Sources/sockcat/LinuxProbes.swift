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
    static func udpGSO() throws(SocketError) -> Measured {
        try withLoopbackUDP { sender, receiver, payload throws(SocketError) -> Measured in
            _ = try sender.sendSegmented(UnsafeRawBufferPointer(rebasing: payload[..<3000]), segmentSize: 1000)
            var sizes: [Int] = []
            for _ in 0..<3 {
                receiver.setReadDeadline(.after(Probes.stepTimeout))
                sizes.append(try receiver.receive(into: payload).count)
            }
            guard sizes == [1000, 1000, 1000] else { throw SocketError(.other, operation: .receiveFrom) }
            return Measured(
                "one 3000-byte send (UDP_SEGMENT 1000) arrived as 3 datagrams",
                [
                    ("gso_send_bytes", .int(3000)), ("gso_segment_size", .int(1000)),
                    ("gso_datagrams", .int(sizes.count)),
                ]
            )
        }
    }

    /// UDP_GRO on a receiver, then a GSO send: the receiver should get one coalesced receive with
    /// the segment size in a control message.
    static func udpGRO() throws(SocketError) -> Measured {
        try withLoopbackUDP { sender, receiver, payload throws(SocketError) -> Measured in
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
                return Measured(
                    "3 datagrams arrived as one 3000-byte receive with segment size \(segment)",
                    [
                        ("gro_coalesced", .bool(true)), ("gro_receive_bytes", .int(result.count)),
                        ("gro_segment_size", .int(segment)),
                    ]
                )
            }
            return Measured(
                "UDP_GRO accepted; this receive was not coalesced (\(result.count) bytes)",
                [("gro_coalesced", .bool(false)), ("gro_receive_bytes", .int(result.count))]
            )
        }
    }

    /// sendmmsg of 4 datagrams and one recvmmsg that gets them all.
    static func batches() throws(SocketError) -> Measured {
        try withLoopbackUDP { sender, receiver, _ throws(SocketError) -> Measured in
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
            return Measured(
                "sendmmsg sent \(sent) datagrams, recvmmsg received \(received)",
                [("sendmmsg_sent", .int(sent)), ("recvmmsg_received", .int(received))]
            )
        }
    }

    /// The size of the `tcp_info` the kernel returns on a live connection.
    static func tcpInfo(on conn: TCPConn) -> ProbeRow {
        Probes.row("tcp-info") { () throws(SocketError) -> Measured in
            let info = try conn.tcpInfo()
            let state = info.state.map { " (state \($0))" } ?? ""
            var fields: [(String, JSONValue)] = [("tcp_info_size", .int(info.length))]
            if let value = info.state { fields.append(("tcp_state", .string("\(value)"))) }
            if let rtt = info.rtt { fields.append(("rtt_us", .int(Int(rtt)))) }
            return Measured("the kernel returns \(info.length) bytes of struct tcp_info\(state)", fields)
        }
    }

    /// Joins and leaves an administratively scoped group on the loopback interface: membership
    /// only, no datagram is sent.
    static func multicast() throws(SocketError) -> Measured {
        let socket = try UDPConn.listen("127.0.0.1:0")
        defer { socket.close() }
        let group = try IPAddress(parsing: "239.255.77.77")
        try socket.joinGroup(group, on: .address(.loopback))
        try socket.leaveGroup(group, on: .address(.loopback))
        return Measured(
            "joined and left \(group) on 127.0.0.1 (no traffic sent)",
            [("multicast_group", .string("\(group)"))]
        )
    }

    /// SO_BUSY_POLL set and read back (loopback has no NAPI, so only the option is checked).
    static func busyPoll() throws(SocketError) -> Measured {
        let socket = try UDPConn.listen("127.0.0.1:0")
        defer { socket.close() }
        try socket.setBusyPoll(.microseconds(50))
        let value = try socket.busyPoll()
        guard value == .microseconds(50) else { throw SocketError(.other, operation: .getsockopt) }
        let microseconds =
            Int(value.components.seconds) * 1_000_000 + Int(value.components.attoseconds / 1_000_000_000_000)
        return Measured("set to 50 µs and read back", [("busy_poll_us", .int(microseconds))])
    }

    /// An SCTP association over loopback.
    static func sctp() throws(SocketError) -> Measured {
        try SCTPSupport.probe()
    }

    /// A connected UDP sender, its loopback receiver and a 64 KiB scratch buffer.
    static func withLoopbackUDP(
        _ body: (UDPConn, UDPConn, UnsafeMutableRawBufferPointer) throws(SocketError) -> Measured
    ) throws(SocketError) -> Measured {
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
    static func linuxOnly() throws(SocketError) -> Measured { throw SocketError(.notSupported, operation: .socket) }
    static func udpGSO() throws(SocketError) -> Measured { try linuxOnly() }
    static func udpGRO() throws(SocketError) -> Measured { try linuxOnly() }
    static func batches() throws(SocketError) -> Measured { try linuxOnly() }
    static func multicast() throws(SocketError) -> Measured { try linuxOnly() }
    static func busyPoll() throws(SocketError) -> Measured { try linuxOnly() }
    static func sctp() throws(SocketError) -> Measured { try linuxOnly() }
    static func tcpInfo(on conn: TCPConn) -> ProbeRow {
        ProbeRow(name: "tcp-info", available: false, detail: "TCP_INFO is read by SockLinux (Linux-only)")
    }
    #endif

    /// io_uring: sets up a ring with `io_uring_setup` (Sock's `IOURing.probe()`, which also
    /// checks the features Sock's ring uses and explains a refusal: ENOSYS, the
    /// `kernel.io_uring_disabled` sysctl, a seccomp filter, the locked-memory limit), and names the
    /// backends Sock's event loop uses: by default (`SOCK_EVENT_LOOP_BACKEND`, else epoll), and
    /// when asked for io_uring (it falls back to epoll when the ring is refused).
    static func ioUring() -> ProbeRow {
        #if os(Linux)
        var fields: [(String, JSONValue)] = []
        let defaultBackend = EventLoop.Backend.default?.rawValue ?? "none (SOCK_EVENT_LOOP_BACKEND is invalid)"
        fields.append(("event_loop_backend", .string(defaultBackend)))
        var loopNote = "; Sock's event loop uses \(defaultBackend) by default"
        if let loop = try? EventLoop(backend: .ioURing) {
            fields.append(("event_loop_io_uring_backend", .string(loop.backend.rawValue)))
            loopNote += loop.backend == .ioURing ? ", and io_uring when asked" : ", and epoll when asked for io_uring"
        }
        if let value = sysctlValue("/proc/sys/kernel/io_uring_disabled") {
            fields.append(("io_uring_disabled", .int(value)))
        }
        switch IOURing.probe() {
        case .available:
            fields.insert(("io_uring_setup", .bool(true)), at: 0)
            return ProbeRow(
                name: "io-uring",
                available: true,
                detail: "io_uring_setup made a ring with every feature Sock's ring uses\(loopNote)",
                fields: fields
            )
        case .unavailable(let reason):
            let setupWorked: Bool
            switch reason {
            case .kernelTooOld: setupWorked = true
            case .failed(_, let operation): setupWorked = operation != .ioUringSetup
            default: setupWorked = false
            }
            fields.insert(("io_uring_setup", .bool(setupWorked)), at: 0)
            if case .failed(let errno, _) = reason { fields.append(("errno", .int(Int(errno)))) }
            return ProbeRow(name: "io-uring", available: false, detail: "\(reason)\(loopNote)", fields: fields)
        }
        #else
        return ProbeRow(name: "io-uring", available: false, detail: "io_uring is Linux-only")
        #endif
    }

    /// The number in a one-number /proc/sys file, or nil.
    static func sysctlValue(_ path: String) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return Int(String(decoding: bytes[..<n], as: UTF8.self).filter { !$0.isWhitespace })
    }
}
