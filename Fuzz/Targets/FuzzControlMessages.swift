// Control messages: the walker over arbitrary bytes (the kernel's or an attacker's) never reads
// outside the buffer, a GRO segment size is never 0 or negative, and what the builder writes the
// walker reads back unchanged.

import SockLinux
import SockPOSIX

#if canImport(Glibc)
import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzControlMessages(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    let mode = input.byte()
    if mode & 1 == 0 {
        withExactCopy(input.rest()) { walk($0) }
    } else {
        build(&input)
    }
    return 0
}

/// Walks arbitrary bytes and decodes every message.
func walk(_ bytes: UnsafeRawBufferPointer) {
    let messages = ControlMessages(bytes)
    var count = 0
    for message in messages {
        count += 1
        require(count <= bytes.count / ControlMessageLayout.headerSize, "more messages than headers fit")
        if let base = bytes.baseAddress, message.data.count > 0 {
            let start = message.data.baseAddress! - base
            require(start >= 0 && start + message.data.count <= bytes.count, "payload outside the buffer")
        }
        decode(message)
    }
    _ = messages.isWellFormed
    // A GRO segment size is positive (0 or less is no size: a caller divides by it), and it is
    // the first well-formed UDP_GRO message's, by the walk in Fuzz/Support.
    let gro = messages.groSegmentSize
    require(gro == nil || gro! > 0, "GRO segment size \(gro!)")
    require(gro == expectedGROSegmentSize(bytes), "GRO segment size \(String(describing: gro))")
    _ = messages.credentials
    _ = messages.extendedError?.offender?.description
    _ = messages.timestamp
}

func decode(_ message: ControlMessage) {
    switch message.kind {
    case .rights(let list):
        // Read the numbers; never close: they are not ours.
        var sum = 0
        for fd in list { sum &+= Int(fd) }
        require(list.count == message.data.count / 4, "descriptor count")
    case .extendedError(let error):
        _ = error.socketError()
        _ = error.offender?.description
    case .credentials(let c):
        _ = c.description
    case .packetInfo4(let info):
        _ = info.destination.description
    case .packetInfo6(let info):
        _ = info.address.description
    case .groSegmentSize(let size):
        require(size > 0, "GRO segment size \(size)")
    default:
        break
    }
    _ = message.load(as: Int64.self)
    _ = message.load(as: (Int64, Int64, Int32).self)
}

/// Appends fuzzer-chosen messages into a fuzzer-sized buffer, then walks them back.
func build(_ input: inout FuzzInput) {
    let capacity = Int(input.uint16() % 2048)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 8)
    defer { buffer.deallocate() }
    let region = UnsafeMutableRawBufferPointer(rebasing: buffer[..<capacity])
    var builder = ControlMessageBuilder(region)
    var expected: [(CInt, CInt, [UInt8])] = []
    while input.remaining > 0 {
        let before = builder.count
        let level = CInt(bitPattern: input.uint32())
        let type = CInt(bitPattern: input.uint32())
        let selector = input.byte()
        if selector & 0xC0 == 0xC0 {
            // A payload count from the caller, not from real bytes: any Int, huge and negative
            // included, must be refused cleanly when it does not fit.
            let count = Int(truncatingIfNeeded: UInt64(input.uint32()) << 32 | UInt64(input.uint32()))
            do throws(SocketError) {
                try builder.append(level: level, type: type, payloadCount: count) {
                    $0.initializeMemory(as: UInt8.self, repeating: 0xAB)
                }
                require(count >= 0 && builder.count > before, "append of \(count) bytes")
                expected.append((level, type, [UInt8](repeating: 0xAB, count: count)))
            } catch {
                require(error.detail == .controlBufferTooSmall, "bad builder error \(error)")
                require(builder.count == before, "a failed append changed the count")
            }
            continue
        }
        let payload = Array(input.take(Int(selector)))
        do {
            try payload.withUnsafeBytes { try builder.append(level: level, type: type, bytes: $0) }
            expected.append((level, type, payload))
            require(builder.count == before + ControlMessageLayout.space(payload.count), "builder count")
        } catch let error as SocketError {
            require(error.detail == .controlBufferTooSmall, "bad builder error \(error)")
            require(builder.count == before, "a failed append changed the count")
            require(ControlMessageLayout.space(payload.count) > builder.remaining, "refused although it fits")
        } catch {
            require(false, "untyped error \(error)")
        }
        require(builder.count <= capacity, "builder overran its buffer")
    }
    let messages = ControlMessages(builder.bytes)
    require(messages.isWellFormed, "built messages are malformed")
    var index = 0
    for message in messages {
        require(index < expected.count, "more messages than built")
        let (level, type, payload) = expected[index]
        require(message.level == level && message.type == type, "level/type differ")
        require(message.data.elementsEqual(payload), "payload differs")
        index += 1
    }
    require(index == expected.count, "walk found \(index) of \(expected.count) messages")
}
