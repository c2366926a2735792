// Bad-input rows: UDP batches, GSO, control messages and descriptor passing (Linux-only APIs).

import Sock

#if canImport(Glibc)
import Glibc
#endif

/// A batch that must be valid (the rows test the calls, not the constructor).
func validBatch(_ capacity: Int = 4, messageSize: Int = 64, controlSize: Int = 64) throws(SocketError) -> UDPBatch {
    try UDPBatch(capacity: capacity, messageSize: messageSize, controlSize: controlSize)
}

/// Calls `body` with a builder over a buffer of `count` bytes.
func withBuilder(_ count: Int, _ body: (inout ControlMessageBuilder) throws(SocketError) -> Void) throws(SocketError) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
    defer { buffer.deallocate() }
    var builder = ControlMessageBuilder(UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]))
    try body(&builder)
}

/// A payload of `count` bytes.
func withPayload(_ count: Int, _ body: (UnsafeRawBufferPointer) throws(SocketError) -> Void) throws(SocketError) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0x42)
    try body(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
}

extension BadInput {
    static let linux: [BadInput] = [
        BadInput("Batches", "UDPBatch(capacity:)", "0 messages", .invalidArgument, .emptyBatch) {
            () throws(SocketError) in
            _ = try UDPBatch(capacity: 0)
        },
        BadInput(
            "Batches",
            "UDPBatch(capacity:)",
            "1,025 messages (UIO_MAXIOV is 1,024)",
            .invalidArgument,
            .batchTooLarge
        ) {
            () throws(SocketError) in _ = try UDPBatch(capacity: 1025)
        },
        BadInput(
            "Batches",
            "UDPBatch(capacity:messageSize:)",
            "1,024 messages of Int32.max bytes (2 TiB)",
            .invalidArgument,
            .valueOutOfRange,
            isolated: true
        ) { () throws(SocketError) in _ = try UDPBatch(capacity: 1024, messageSize: Int(Int32.max)) },
        BadInput("Batches", "UDPBatch(capacity:messageSize:)", "messageSize -1", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in _ = try UDPBatch(capacity: 1, messageSize: -1)
        },
        BadInput("Batches", "UDPBatch(capacity:controlSize:)", "controlSize 65,537", .invalidArgument, .valueOutOfRange)
        {
            () throws(SocketError) in _ = try UDPBatch(capacity: 1, controlSize: 65537)
        },
        BadInput(
            "Batches",
            "UDPBatch(capacity:buffersPerMessage:)",
            "0 buffers per message",
            .invalidArgument,
            .valueOutOfRange
        ) { () throws(SocketError) in _ = try UDPBatch(capacity: 1, buffersPerMessage: 0) },
        BadInput(
            "Batches",
            "setMessage(at:buffers:to:segmentSize:)",
            "3 buffers in a batch of 2 per message",
            .invalidArgument,
            .bufferCountInvalid
        ) { () throws(SocketError) in
            let batch = try UDPBatch(capacity: 1, buffersPerMessage: 2)
            let byte = UnsafeRawBufferPointer(start: nil, count: 0)
            try batch.setMessage(at: 0, buffers: [byte, byte, byte], to: SockaddrInet4(address: .loopback, port: 9))
        },
        BadInput(
            "Batches",
            "setReceiveBuffers(at:buffers:)",
            "0 buffers",
            .invalidArgument,
            .bufferCountInvalid
        ) { () throws(SocketError) in
            let batch = try UDPBatch(capacity: 1, buffersPerMessage: 2)
            try batch.setReceiveBuffers(
                at: 0,
                buffers: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>(start: nil, count: 0)
            )
        },
        BadInput("Batches", "sendMessages(_:count:)", "count 0", .invalidArgument, .emptyBatch) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in _ = try c.sendMessages(try validBatch(), count: 0) }
        },
        BadInput("Batches", "sendMessages(_:count:)", "count over the capacity", .invalidArgument, .batchTooLarge) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in _ = try c.sendMessages(try validBatch(4), count: 5) }
        },
        BadInput("Batches", "sendMessages(_:range:)", "range 3..<7 of 4", .invalidArgument, .batchTooLarge) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in _ = try c.sendMessages(try validBatch(4), range: 3..<7) }
        },
        BadInput("Batches", "receiveMessages(_:maxCount:)", "maxCount 0", .invalidArgument, .emptyBatch) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in _ = try c.receiveMessages(try validBatch(), maxCount: 0) }
        },
        BadInput(
            "Batches",
            "receiveMessages(_:maxCount:)",
            "maxCount over the capacity",
            .invalidArgument,
            .batchTooLarge
        ) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in _ = try c.receiveMessages(try validBatch(4), maxCount: 5) }
        },
        BadInput(
            "Batches",
            "UDPBatch.setMessage(at:count:)",
            "count over messageSize",
            .invalidArgument,
            .bufferTooSmall
        ) {
            () throws(SocketError) in try validBatch(4, messageSize: 64).setMessage(at: 0, count: 65)
        },
        BadInput("Batches", "UDPBatch.setMessage(at:count:)", "count -1", .invalidArgument, .bufferTooSmall) {
            () throws(SocketError) in try validBatch(4, messageSize: 64).setMessage(at: 0, count: -1)
        },
        BadInput(
            "Batches",
            "UDPBatch.setMessage(at:count:segmentSize:)",
            "segment size with controlSize 0",
            .invalidArgument,
            .controlBufferTooSmall
        ) {
            () throws(SocketError) in
            try validBatch(1, messageSize: 64, controlSize: 0).setMessage(at: 0, count: 64, segmentSize: 16)
        },
        BadInput("GSO", "sendSegmented(_:segmentSize:to:)", "segment size 0", .invalidArgument, .segmentSizeInvalid) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withPayload(100) { (p) throws(SocketError) in
                    _ = try c.sendSegmented(p, segmentSize: 0, to: try c.localAddress())
                }
            }
        },
        BadInput(
            "GSO",
            "sendSegmented(_:segmentSize:to:)",
            "129 segments (the kernel takes 128)",
            .invalidArgument,
            .tooManySegments
        ) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withPayload(129 * 100) { (p) throws(SocketError) in
                    _ = try c.sendSegmented(p, segmentSize: 100, to: try c.localAddress())
                }
            }
        },
        BadInput(
            "GSO",
            "sendSegmented(_:segmentSize:to:)",
            "65,508 bytes over IPv4 (limit 65,507)",
            .messageTooLarge,
            .payloadTooLarge
        ) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withPayload(65_508) { (p) throws(SocketError) in
                    _ = try c.sendSegmented(p, segmentSize: 1400, to: try c.localAddress())
                }
            }
        },
        BadInput(
            "GSO",
            "sendSegmented(_:segmentSize:to:)",
            "65,528 bytes over IPv6 (limit 65,527)",
            .messageTooLarge,
            .payloadTooLarge
        ) {
            () throws(SocketError) in
            try withUDP6 { (c) throws(SocketError) in
                try withPayload(65_528) { (p) throws(SocketError) in
                    _ = try c.sendSegmented(p, segmentSize: 1400, to: try c.localAddress())
                }
            }
        },
        BadInput(
            "GSO",
            "sendSegmented(_:segmentSize:)",
            "segment size 65,508 over IPv4",
            .invalidArgument,
            .segmentSizeInvalid
        ) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withPayload(10) { (p) throws(SocketError) in _ = try c.sendSegmented(p, segmentSize: 65_508) }
            }
        },
        BadInput(
            "GSO",
            "UDPSegmentation.validate(payload:segmentSize:family:)",
            "segment size -1",
            .invalidArgument,
            .segmentSizeInvalid
        ) {
            () throws(SocketError) in try UDPSegmentation.validate(payload: 10, segmentSize: -1, family: AF_INET)
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.append(level:type:bytes:)",
            "a 16-byte buffer for a 4-byte payload (needs 24)",
            .invalidArgument,
            .controlBufferTooSmall
        ) {
            () throws(SocketError) in
            try withBuilder(16) { (b) throws(SocketError) in try b.append(level: 1, type: 2, value: CInt(3)) }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.append(level:type:payloadCount:_:)",
            "payloadCount -1",
            .invalidArgument,
            .controlBufferTooSmall
        ) {
            () throws(SocketError) in
            try withBuilder(64) { (b) throws(SocketError) in try b.append(level: 1, type: 2, payloadCount: -1) { _ in }
            }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.append(level:type:payloadCount:_:)",
            "payloadCount Int.max - 8",
            .invalidArgument,
            .controlBufferTooSmall,
            isolated: true
        ) {
            () throws(SocketError) in
            try withBuilder(64) { (b) throws(SocketError) in
                try b.append(level: 1, type: 2, payloadCount: Int.max - 8) { _ in }
            }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.appendSegmentSize(_:)",
            "0",
            .invalidArgument,
            .segmentSizeInvalid
        ) {
            () throws(SocketError) in try withBuilder(64) { (b) throws(SocketError) in try b.appendSegmentSize(0) }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.appendSegmentSize(_:)",
            "65,536",
            .invalidArgument,
            .segmentSizeInvalid
        ) {
            () throws(SocketError) in try withBuilder(64) { (b) throws(SocketError) in try b.appendSegmentSize(65536) }
        },
        BadInput("Control messages", "ControlMessageBuilder.appendTOS(_:)", "256", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in try withBuilder(64) { (b) throws(SocketError) in try b.appendTOS(256) }
        },
        BadInput("Control messages", "ControlMessageBuilder.appendTTL(_:)", "0", .invalidArgument, .valueOutOfRange) {
            () throws(SocketError) in try withBuilder(64) { (b) throws(SocketError) in try b.appendTTL(0) }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.appendHopLimit(_:)",
            "-2",
            .invalidArgument,
            .valueOutOfRange
        ) {
            () throws(SocketError) in try withBuilder(64) { (b) throws(SocketError) in try b.appendHopLimit(-2) }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.appendRights(_:)",
            "no descriptors",
            .invalidArgument,
            .descriptorCountInvalid
        ) {
            () throws(SocketError) in
            try withBuilder(64) { (b) throws(SocketError) in
                try b.appendRights(UnsafeBufferPointer(start: nil, count: 0))
            }
        },
        BadInput(
            "Control messages",
            "ControlMessageBuilder.appendRights(_:)",
            "254 descriptors (253 fit)",
            .invalidArgument,
            .descriptorCountInvalid
        ) {
            () throws(SocketError) in
            let fds = [CInt](repeating: 0, count: 254)
            try withBuilder(4096) { (b) throws(SocketError) in
                try fds.withUnsafeBufferPointer { (p) throws(SocketError) in try b.appendRights(p) }
            }
        },
        BadInput(
            "Descriptor passing",
            "sendDescriptors(_:data:)",
            "no descriptors",
            .invalidArgument,
            .descriptorCountInvalid
        ) {
            () throws(SocketError) in
            try withUnixPair { (a, _) throws(SocketError) in _ = try a.sendDescriptors([], data: [1]) }
        },
        BadInput(
            "Descriptor passing",
            "sendDescriptors(_:data:)",
            "254 descriptors",
            .invalidArgument,
            .descriptorCountInvalid
        ) {
            () throws(SocketError) in
            try withUnixPair { (a, _) throws(SocketError) in
                _ = try a.sendDescriptors([CInt](repeating: 0, count: 254), data: [1])
            }
        },
        BadInput("Descriptor passing", "sendDescriptors(_:data:)", "descriptor -1", .closed, nil, errno: EBADF) {
            () throws(SocketError) in
            try withUnixPair { (a, _) throws(SocketError) in _ = try a.sendDescriptors([-1], data: [1]) }
        },
        BadInput(
            "Descriptor passing",
            "receiveDescriptors(into:descriptors:)",
            "room for 0 descriptors",
            .invalidArgument,
            .descriptorCountInvalid
        ) {
            () throws(SocketError) in
            try withUnixPair { (_, b) throws(SocketError) in
                try withBuffer(8) { (data) throws(SocketError) in
                    _ = try b.receiveDescriptors(
                        into: data,
                        descriptors: UnsafeMutableBufferPointer(start: nil, count: 0)
                    )
                }
            }
        },
        BadInput(
            "Descriptor passing",
            "receiveDescriptors(into:descriptors:)",
            "room for 1 when 3 arrive",
            .invalidArgument,
            .controlBufferTooSmall
        ) {
            () throws(SocketError) in
            try withUnixPair { (a, b) throws(SocketError) in
                var fds: [CInt] = [-1, -1]
                _ = pipe(&fds)
                defer { fds.forEach { close($0) } }
                _ = try a.sendDescriptors([fds[0], fds[1], fds[0]], data: [7])
                let before = openDescriptorCount()
                defer {
                    // The descriptors that did arrive were closed, none leaked.
                    let after = openDescriptorCount()
                    if after != before { print("receiveDescriptors leaked \(after - before) descriptors") }
                }
                try withBuffer(8) { (data) throws(SocketError) in
                    let one = UnsafeMutableBufferPointer<CInt>.allocate(capacity: 1)
                    defer { one.deallocate() }
                    _ = try b.receiveDescriptors(into: data, descriptors: one)
                }
            }
        },
        // No peer, no answer: the kernel's placeholders (pid 0, uid -1) and a listener's own
        // credentials are refused.
        BadInput("Credentials", "peerCredentials()", "a UnixConn that never connected", .notConnected, nil) {
            () throws(SocketError) in
            let conn = try UnixConn(NetSocket(family: .unix, type: .stream))
            defer { conn.close() }
            _ = try conn.peerCredentials()
        },
        BadInput("Credentials", "peerCredentials()", "a UnixConn over a listening socket", .notConnected, nil) {
            () throws(SocketError) in
            let listener = try UnixListener("@sock-badinput-peer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { listener.close() }
            _ = try UnixConn(listener.netSocket).peerCredentials()
        },
        BadInput("Credentials", "peerPidfd()", "a UnixConn over a listening socket", .notConnected, nil) {
            () throws(SocketError) in
            let listener = try UnixListener("@sock-badinput-pidfd-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            defer { listener.close() }
            _ = try UnixConn(listener.netSocket).peerPidfd()
        },
        // tcpInfo() is a TCPSocket's only, now: the kernel's refusal of TCP_INFO on a UDP socket,
        // through the generic call.
        BadInput("TCP_INFO", "getOption(level:name:into:)", "TCP_INFO on a UDP socket", .notSupported, nil) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withBuffer(TCPInfo.capacity) { (b) throws(SocketError) in
                    _ = try c.getOption(level: .tcp, name: OptionName(rawValue: LinuxABI.TCP_INFO), into: b)
                }
            }
        },
        BadInput("Error queue", "receiveError(into:control:)", "an empty queue, no deadline", .wouldBlock, nil) {
            () throws(SocketError) in
            try withUDP4 { (c) throws(SocketError) in
                try withBuffer(8) { (p) throws(SocketError) in
                    try withBuffer(64) { (ctl) throws(SocketError) in _ = try c.receiveError(into: p, control: ctl) }
                }
            }
        },
    ]
}
