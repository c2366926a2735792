// sockcat sink's datagram decoding and loss accounting (LoadFormat.decode, LoadAccounting), fed
// a script of received payloads, each with a GRO segment size of any value (negative, 0, huge,
// none): no arithmetic trap, no read outside a payload, every segment counted exactly once (as
// blast's data, an end marker or foreign), the decoder agrees with a reference written here, and the totals
// stay plausible (expected below 2^48 + 1, lost at most expected). Compiled with sockcat's two
// files (FuzzSinkAccounting.sources), which import nothing.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSinkAccounting(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    var counts = LoadAccounting()
    var segments: UInt64 = 0
    var markers: UInt64 = 0  // end markers (neither data nor foreign)
    var dataBytes: UInt64 = 0
    var highest: UInt64?
    var end: UInt64?
    while input.remaining > 0 {
        // Per payload: a 2-byte length, a 1-byte segment mode, 2 bytes of segment size.
        let length = Int(input.uint16() % 4096)
        let mode = input.byte()
        let raw = Int(Int16(bitPattern: input.uint16()))
        let segmentSize: Int? =
            switch mode % 4 {
            case 0: nil
            case 1: raw  // any value, negative and 0 included
            case 2: LoadFormat.headerSize + Int(UInt16(bitPattern: Int16(raw)) % 64)
            default: Int.max - Int(mode)
            }
        let payload = input.take(length)
        withExactCopy(payload) { bytes in
            counts.account(bytes, segmentSize: segmentSize)
            // The reference: split, then decode each segment by hand.
            let step = segmentSize.flatMap { $0 > 0 ? $0 : nil } ?? max(bytes.count, 1)
            var offset = 0
            repeat {
                let end_ = min(bytes.count, offset + min(step, bytes.count - offset))
                let segment = UnsafeRawBufferPointer(rebasing: bytes[offset..<end_])
                segments += 1
                let decoded = LoadFormat.decode(segment)
                let expected = referenceDecode(segment)
                require(decoded == expected, "decode \(decoded) != reference \(expected)")
                switch decoded {
                case .data(let sequence) where sequence < LoadAccounting.sequenceLimit:
                    dataBytes += UInt64(segment.count)
                    highest = max(highest ?? 0, sequence)
                case .end(let total) where total <= LoadAccounting.sequenceLimit:
                    markers += 1
                    if end == nil { end = total }
                default: break
                }
                offset = end_
            } while offset < bytes.count
        }
    }
    require(
        counts.datagrams + counts.foreign + markers == segments,
        "\(counts.datagrams) data + \(counts.foreign) foreign + \(markers) end markers != \(segments) segments"
    )
    require(counts.bytes == dataBytes, "bytes \(counts.bytes) != \(dataBytes)")
    require(counts.highestSequence == highest, "highest sequence")
    require(counts.endTotal == end, "end total")
    require(counts.expected <= LoadAccounting.sequenceLimit, "expected \(counts.expected) is implausible")
    require(counts.lost <= counts.expected, "lost \(counts.lost) > expected \(counts.expected)")
    return 0
}

/// The format by hand: "SKCT", a big-endian kind (0 data, 1 end), a big-endian value.
func referenceDecode(_ bytes: UnsafeRawBufferPointer) -> LoadFormat.Decoded {
    guard bytes.count >= 16, Array(bytes[0..<4]) == Array("SKCT".utf8) else { return .foreign }
    var kind: UInt32 = 0
    for byte in bytes[4..<8] { kind = kind << 8 | UInt32(byte) }
    var value: UInt64 = 0
    for byte in bytes[8..<16] { value = value << 8 | UInt64(byte) }
    switch kind {
    case 0: return .data(sequence: value)
    case 1: return .end(total: value)
    default: return .foreign
    }
}
