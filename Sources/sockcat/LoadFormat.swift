/// The datagrams `blast` sends and `sink` counts: a 16-byte header, then filler.
///
///     0..<4   magic "SKCT"
///     4..<8   kind: 0 data, 1 end of run (big-endian)
///     8..<16  data: the sequence number, from 0; end: how many data datagrams were sent
///
/// The numbering lets the sink count loss; the end marker tells it the total.
enum LoadFormat {
    static let headerSize = 16
    static let magic: UInt32 = 0x534B_4354  // "SKCT"
    static let dataKind: UInt32 = 0
    static let endKind: UInt32 = 1

    /// What a received datagram is.
    enum Decoded: Equatable {
        case data(sequence: UInt64)
        case end(total: UInt64)
        /// Not one of ours (too short, or another magic).
        case foreign
    }

    static func write(kind: UInt32, value: UInt64, into segment: UnsafeMutableRawPointer) {
        segment.storeBytes(of: magic.bigEndian, toByteOffset: 0, as: UInt32.self)
        segment.storeBytes(of: kind.bigEndian, toByteOffset: 4, as: UInt32.self)
        segment.storeBytes(of: value.bigEndian, toByteOffset: 8, as: UInt64.self)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> Decoded {
        guard bytes.count >= headerSize,
            UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) == magic
        else { return .foreign }
        let value = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        switch UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self)) {
        case dataKind: return .data(sequence: value)
        case endKind: return .end(total: value)
        default: return .foreign
        }
    }
}
