// UDPBatch message accessors after a receive, with every field the kernel writes set to any
// value (`msg_len`, `msg_namelen`, `msg_controllen`, `msg_flags`, the sender's bytes and the
// control bytes), on batches of fuzzed shapes whose messages receive into their own buffer or into
// 1...4 caller buffers (separate heap blocks, so AddressSanitizer catches any read past one).
// Every view stays inside its buffer, the parts add up to the stored length, and the sender,
// flags, control messages and GRO segment size are what the raw fields say.

import SockLinux
import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUDPBatch(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    let capacity = 1 + Int(input.byte() % 4)
    let messageSize = Int(input.uint16() % 1025)
    let controlSize = Int(input.byte()) % 129
    let buffersPerMessage = 1 + Int(input.byte() % 4)
    guard
        let batch = try? UDPBatch(
            capacity: capacity,
            messageSize: messageSize,
            controlSize: controlSize,
            buffersPerMessage: buffersPerMessage
        )
    else {
        require(false, "UDPBatch(\(capacity), \(messageSize), \(controlSize), \(buffersPerMessage)) refused")
        return 0
    }
    // Each message's receive buffers: its own, or caller buffers of fuzzed sizes.
    var owned: [UnsafeMutableRawBufferPointer] = []
    defer { for buffer in owned { buffer.deallocate() } }
    var layouts: [[UnsafeMutableRawBufferPointer]] = []
    for index in 0..<capacity {
        let choice = input.byte()
        let count = Int(choice >> 4) % (buffersPerMessage + 1)
        if count == 0 {
            layouts.append([batch.buffer(at: index)])
            continue
        }
        var list: [UnsafeMutableRawBufferPointer] = []
        for _ in 0..<count {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(input.byte() % 80), alignment: 1)
            owned.append(buffer)
            list.append(buffer)
        }
        do {
            try list.withUnsafeBufferPointer { (p) throws(SocketError) in
                try batch.setReceiveBuffers(at: index, buffers: p)
            }
        } catch {
            require(false, "setReceiveBuffers(\(count) of \(buffersPerMessage)) refused: \(error)")
        }
        layouts.append(list)
        // Sometimes forget them again: the message receives into its own buffer.
        if choice & 1 == 1 {
            batch.resetReceiveBuffers(at: index)
            layouts[index] = [batch.buffer(at: index)]
        }
    }
    // What the kernel wrote, message by message.
    var written: [(name: [UInt8], control: [UInt8])] = []
    for index in 0..<capacity {
        let length = input.byte() & 0x80 == 0 ? input.uint32() % 2048 : input.uint32()
        let nameLength = socklen_t(input.byte() & 0x80 == 0 ? input.uint32() % 140 : input.uint32())
        let controlLength: Int
        switch input.byte() % 4 {
        case 0: controlLength = Int(truncatingIfNeeded: UInt64(input.uint32()) << 32 | UInt64(input.uint32()))
        case 1: controlLength = controlSize
        default: controlLength = Int(input.uint16() % 160)
        }
        let flags = CInt(bitPattern: input.uint32())
        let name = Array(input.take(Int(input.byte())))
        let control = Array(input.take(Int(input.byte())))
        name.withUnsafeBytes { n in
            control.withUnsafeBytes { c in
                batch._fuzzSetReceived(
                    at: index,
                    length: length,
                    nameLength: nameLength,
                    controlLength: controlLength,
                    flags: flags,
                    name: n,
                    control: c
                )
            }
        }
        written.append((name, control))
        check(batch[index], layouts[index], length, nameLength, controlLength, controlSize, flags, name, control)
    }
    // Reading one message never disturbs another: all of them again.
    for index in 0..<capacity {
        _ = batch[index].count
        _ = batch[index].sender
        _ = batch[index].groSegmentSize
    }
    return 0
}

func check(
    _ message: UDPBatch.Message,
    _ buffers: [UnsafeMutableRawBufferPointer],
    _ length: UInt32,
    _ nameLength: socklen_t,
    _ controlLength: Int,
    _ controlSize: Int,
    _ flags: CInt,
    _ name: [UInt8],
    _ control: [UInt8]
) {
    require(message.count == Int(length), "count \(message.count) for msg_len \(length)")
    // The data views: inside their buffers, filled in order, adding up to what was stored.
    let total = buffers.reduce(0) { $0 + $1.count }
    var left = min(Int(length), total)
    var parts = 0
    var sum = 0
    for part in message.buffers {
        require(parts < buffers.count, "more parts than buffers")
        let buffer = buffers[parts]
        require(
            part.count == min(left, buffer.count),
            "part \(parts): \(part.count) bytes, expected \(min(left, buffer.count))"
        )
        require(part.count == 0 || part.baseAddress == UnsafeRawPointer(buffer.baseAddress), "part \(parts) elsewhere")
        for byte in part { sum &+= Int(byte) }  // every byte readable (ASan)
        left -= part.count
        parts += 1
    }
    require(parts == buffers.count && message.buffers.count == buffers.count, "\(parts) parts for \(buffers.count)")
    require(left == 0, "the parts miss \(left) bytes")
    if buffers.count == 1 {
        let bytes = message.bytes
        require(bytes.count == min(Int(length), buffers[0].count), "bytes count \(bytes.count)")
        require(bytes.count == 0 || bytes.baseAddress == UnsafeRawPointer(buffers[0].baseAddress), "bytes elsewhere")
        for byte in bytes { sum &+= Int(byte) }
    }
    _ = sum
    // The sender: what the name bytes and length decode to, or no address.
    var storage = sockaddr_storage()
    withUnsafeMutableBytes(of: &storage) { raw in
        for (i, byte) in name.prefix(raw.count).enumerated() { raw[i] = byte }
    }
    let sender = message.sender
    let expected =
        nameLength == 0 ? SocketAddress() : (try? SocketAddress(storage, length: nameLength)) ?? SocketAddress()
    require(sender == expected, "sender \(sender) for msg_namelen \(nameLength)")
    require(sender.length <= 128, "sender length \(sender.length)")
    _ = sender.description
    // Flags (MSG_TRUNC 0x20, MSG_CTRUNC 0x08).
    require(message.flags.rawValue == flags, "msg_flags")
    require(message.isTruncated == (flags & 0x20 != 0), "isTruncated")
    require(message.isControlTruncated == (flags & 0x08 != 0), "isControlTruncated")
    // Control messages: the first msg_controllen bytes of the control buffer, never more.
    let controlBytes = message.controlMessages.bytes
    let visible = max(0, min(controlLength, controlSize))
    require(controlBytes.count == visible, "control view \(controlBytes.count) for msg_controllen \(controlLength)")
    for i in 0..<visible {
        require(controlBytes[i] == (i < control.count ? control[i] : 0), "control byte \(i)")
    }
    var seen = 0
    for cmsg in message.controlMessages {
        seen += 1
        require(seen <= visible / 16, "more control messages than headers fit")
        if let base = controlBytes.baseAddress, cmsg.data.count > 0 {
            let start = cmsg.data.baseAddress! - base
            require(start >= 16 && start + cmsg.data.count <= visible, "control payload outside the view")
        }
        _ = cmsg.kind
    }
    // GRO: a positive size from the first well-formed UDP_GRO message, or nil.
    let gro = message.groSegmentSize
    require(gro == nil || gro! > 0, "GRO segment size \(gro!)")
    require(gro == expectedGROSegmentSize(controlBytes), "GRO segment size \(String(describing: gro))")
}
