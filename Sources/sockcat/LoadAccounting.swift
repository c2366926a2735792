/// What `sink` learns from the datagrams it receives: counts, the highest sequence number and the
/// end marker's total. Datagrams come from the network, so every input is accepted: a datagram
/// that is not one of ours, or whose numbers no real `blast` run could reach, is counted as
/// foreign, and no arithmetic can overflow.
///
/// Standalone (no Sock import), so the fuzz target `FuzzSinkAccounting` compiles it as it is.
struct LoadAccounting {
    /// Sequence numbers and totals at or above this are implausible (2^48: a blast at 10 million
    /// datagrams/s would need 325 days to get there) and mark the datagram as foreign.
    static let sequenceLimit: UInt64 = 1 << 48

    /// Data datagrams counted.
    private(set) var datagrams: UInt64 = 0
    /// Their bytes.
    private(set) var bytes: UInt64 = 0
    /// Datagrams that were not ours (too short, another magic or kind, implausible numbers).
    private(set) var foreign: UInt64 = 0
    /// Receives that carried several datagrams (GRO).
    private(set) var coalesced: UInt64 = 0
    /// The highest data sequence number seen.
    private(set) var highestSequence: UInt64?
    /// The total of the first end marker seen.
    private(set) var endTotal: UInt64?

    /// How many datagrams the blaster sent: the end marker's total, or the highest sequence
    /// number plus one without it.
    var expected: UInt64 { endTotal ?? highestSequence.map { $0 + 1 } ?? 0 }

    /// How many of those never arrived (0 when more arrived than expected: duplicates).
    var lost: UInt64 { expected > datagrams ? expected - datagrams : 0 }

    /// Counts one received payload: a single datagram, or (GRO) several of `segmentSize` bytes.
    /// A segment size that is not positive is ignored (the payload is one datagram).
    mutating func account(_ payload: UnsafeRawBufferPointer, segmentSize: Int?) {
        let step = segmentSize.flatMap { $0 > 0 ? $0 : nil } ?? max(payload.count, 1)
        if payload.count > step { coalesced &+= 1 }
        var offset = 0
        repeat {
            let end = payload.count - offset > step ? offset + step : payload.count
            countDatagram(UnsafeRawBufferPointer(rebasing: payload[offset..<end]))
            offset = end
        } while offset < payload.count
    }

    private mutating func countDatagram(_ datagram: UnsafeRawBufferPointer) {
        switch LoadFormat.decode(datagram) {
        case .data(let sequence) where sequence < LoadAccounting.sequenceLimit:
            datagrams &+= 1
            bytes &+= UInt64(datagram.count)
            highestSequence = max(highestSequence ?? 0, sequence)
        case .end(let total) where total <= LoadAccounting.sequenceLimit:
            if endTotal == nil { endTotal = total }
        default:
            foreign &+= 1
        }
    }
}
