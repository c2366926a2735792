#if os(Linux)
import CPlatform
import SockLinux
import SockPOSIX
import Testing

@Suite("Control messages: builder and parser")
struct ControlMessageTests {
    @Test("CMSG arithmetic matches the C macros")
    func layout() {
        #expect(ControlMessageLayout.headerSize == 16)
        #expect(ControlMessageLayout.align(1) == 8)
        #expect(ControlMessageLayout.align(8) == 8)
        #expect(ControlMessageLayout.align(9) == 16)
        #expect(ControlMessageLayout.length(4) == 20)
        #expect(ControlMessageLayout.space(4) == 24)
        for n in [0, 1, 2, 4, 12, 20, 44, 1012] {
            #expect(ControlMessageLayout.space(n) == cplatform_cmsg_space(n))
            #expect(ControlMessageLayout.length(n) == cplatform_cmsg_len(n))
        }
    }

    @Test("built messages parse back, typed and raw")
    func roundTrip() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 8)
        defer { buffer.deallocate() }
        var builder = ControlMessageBuilder(buffer)
        try builder.appendSegmentSize(1400)
        try builder.appendPacketInfo(PacketInfo4(interfaceIndex: 1, localAddress: IPv4Address(127, 0, 0, 9)))
        try builder.appendPacketInfo(PacketInfo6(address: .loopback, interfaceIndex: 1))
        try builder.appendTOS(0xb8)
        try builder.appendTrafficClass(0x28)
        try builder.appendTTL(9)
        try builder.appendHopLimit(7)
        let fds: [CInt] = [3, 4, 5]
        try fds.withUnsafeBufferPointer { (p) throws(SocketError) in try builder.appendRights(p) }
        try builder.appendCredentials(Credentials(pid: 42, uid: 1000, gid: 100))
        try builder.append(level: 1234, type: 5, value: UInt64(0x0102_0304_0506_0708))
        #expect(builder.count % 8 == 0)

        let messages = ControlMessages(builder.bytes)
        #expect(messages.isWellFormed)
        var kinds: [String] = []
        for message in messages {
            switch message.kind {
            case .segmentSize(let size): kinds.append("segment \(size)")
            case .packetInfo4(let info): kinds.append("pktinfo4 \(info.interfaceIndex) \(info.localAddress)")
            case .packetInfo6(let info): kinds.append("pktinfo6 \(info.interfaceIndex) \(IPAddress.v6(info.address))")
            case .tos(let tos): kinds.append("tos \(tos)")
            case .trafficClass(let tclass): kinds.append("tclass \(tclass)")
            case .ttl(let ttl): kinds.append("ttl \(ttl)")
            case .hopLimit(let hops): kinds.append("hops \(hops)")
            case .rights(let list): kinds.append("rights \(Array(list))")
            case .credentials(let c): kinds.append("creds \(c.pid) \(c.uid) \(c.gid)")
            case .other:
                kinds.append("other \(message.level)/\(message.type) \(message.load(as: UInt64.self) ?? 0)")
            default: kinds.append("unexpected \(message.level)/\(message.type)")
            }
        }
        #expect(
            kinds == [
                "segment 1400", "pktinfo4 1 127.0.0.9", "pktinfo6 1 ::1", "tos 184", "tclass 40", "ttl 9",
                "hops 7", "rights [3, 4, 5]", "creds 42 1000 100", "other 1234/5 \(0x0102_0304_0506_0708)",
            ]
        )
        #expect(messages.credentials == Credentials(pid: 42, uid: 1000, gid: 100))
        #expect(messages.first(level: 1234, type: 5)?.data.count == 8)
        #expect(messages.groSegmentSize == nil)
    }

    @Test("a buffer too small is a clear error and appends nothing")
    func bufferTooSmall() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 40, alignment: 8)
        defer { buffer.deallocate() }
        var builder = ControlMessageBuilder(buffer)
        try builder.appendSegmentSize(1000)  // 24 bytes
        expectSocketError(.invalidArgument, detail: .controlBufferTooSmall) { () throws(SocketError) in
            try builder.appendTTL(3)  // needs 24 more
        }
        #expect(builder.count == 24)
        expectSocketError(.invalidArgument, detail: .segmentSizeInvalid) { () throws(SocketError) in
            try builder.appendSegmentSize(0)
        }
        expectSocketError(.invalidArgument, detail: .valueOutOfRange) { () throws(SocketError) in
            try builder.appendTOS(256)
        }
        expectSocketError(.invalidArgument, detail: .descriptorCountInvalid) { () throws(SocketError) in
            try builder.appendRights(UnsafeBufferPointer(start: nil, count: 0))
        }
        builder.removeAll()
        #expect(builder.count == 0 && builder.remaining == 40)
    }

    @Test("malformed input never reads out of bounds", arguments: malformedCases)
    func malformed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            let messages = ControlMessages(raw)
            var seen = 0
            for message in messages {
                seen += 1
                #expect(message.data.count <= raw.count)
                if let base = message.data.baseAddress, let start = raw.baseAddress {
                    #expect(base >= start && base + message.data.count <= start + raw.count)
                }
                _ = message.kind
            }
            #expect(seen <= 1)
            // No message decoded from a buffer that could hold a header: the walk stopped at a
            // malformed one and says so.
            if seen == 0 && raw.count >= ControlMessageLayout.headerSize { #expect(!messages.isWellFormed) }
        }
    }

    @Test("random buffers never make the walk or TCPInfo read out of bounds")
    func randomBuffers() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let count = Int.random(in: 0...96, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Mostly plausible lengths, so the walk gets past the first header.
            if count >= 8, Bool.random(using: &generator) {
                let length = UInt64.random(in: 0...UInt64(count + 8), using: &generator)
                withUnsafeBytes(of: length) { bytes.replaceSubrange(0..<8, with: $0) }
            }
            bytes.withUnsafeBytes { raw in
                for message in ControlMessages(raw) {
                    if let base = message.data.baseAddress, let start = raw.baseAddress {
                        #expect(base >= start && base + message.data.count <= start + raw.count)
                    }
                    _ = message.kind
                }
                _ = ControlMessages(raw).isWellFormed
                let info = TCPInfo(parsing: raw)
                #expect(info.length == raw.count)
                _ = info.description
            }
        }
    }

    @Test("payloads of the wrong size decode as .malformed, not as garbage")
    func wrongPayloadSizes() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
        defer { buffer.deallocate() }
        var builder = ControlMessageBuilder(buffer)
        try builder.append(level: SC.IPPROTO_IP, type: LinuxABI.IP_PKTINFO, value: UInt32(7))  // 4 of 12 bytes
        try builder.append(level: LinuxABI.SOL_UDP, type: LinuxABI.UDP_GRO, value: UInt16(7))  // 2 of 4
        try builder.append(level: SC.SOL_SOCKET, type: LinuxABI.SCM_CREDENTIALS, value: UInt64(1))  // 8 of 12
        try builder.append(level: SC.SOL_SOCKET, type: LinuxABI.SCM_RIGHTS, value: UInt16(3))  // not n * 4
        try builder.append(level: SC.IPPROTO_IP, type: LinuxABI.IP_RECVERR, value: UInt64(1))  // 8 of 16
        var count = 0
        for message in ControlMessages(builder.bytes) {
            count += 1
            if case .malformed = message.kind {} else { Issue.record("\(message.level)/\(message.type) not malformed") }
        }
        #expect(count == 5)
    }

    @Test("building and parsing allocate nothing")
    func zeroAllocations() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
        defer { buffer.deallocate() }
        var sum = 0
        try expectNoMallocs("build + parse") {
            sum = 0
            var builder = ControlMessageBuilder(buffer)
            try builder.appendSegmentSize(1400)
            try builder.appendTTL(5)
            try builder.appendPacketInfo(PacketInfo6(address: .loopback, interfaceIndex: 1))
            for message in ControlMessages(builder.bytes) {
                switch message.kind {
                case .segmentSize(let size): sum += size
                case .ttl(let ttl): sum += ttl
                case .packetInfo6(let info): sum += Int(info.interfaceIndex)
                default: break
                }
            }
        }
        #expect(sum == 1406)
    }
}

/// Control buffers a fuzzer would try: short headers, lengths below the header, beyond the
/// buffer, huge, and one well-formed message followed by garbage.
let malformedCases: [[UInt8]] = {
    func header(length: UInt64, level: Int32 = 1, type: Int32 = 1) -> [UInt8] {
        withUnsafeBytes(of: length.littleEndian) { Array($0) } + withUnsafeBytes(of: level) { Array($0) }
            + withUnsafeBytes(of: type) { Array($0) }
    }
    return [
        [],
        [1, 2, 3],
        Array(header(length: 16).prefix(15)),
        header(length: 0),
        header(length: 15),
        header(length: 17),
        header(length: 24) + [1, 2, 3],
        header(length: UInt64.max),
        header(length: 1 << 63),
        header(length: 20) + [0, 0, 0, 0] + [0, 0, 0, 0] + header(length: 1000),
        header(length: 20, level: 1, type: 1) + [9, 0, 0, 0, 0, 0, 0, 0] + [0xff, 0xff],
    ]
}()
#endif
