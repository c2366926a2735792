// TCP pairs over loopback and byte patterns that reveal loss, duplication or reordering.

import Sock
import Testing

/// A connected TCP pair over loopback: (client, accepted server side). The listener is closed.
func tcpPair(_ address: String = "127.0.0.1:0") throws -> (client: TCPConn, server: TCPConn) {
    let listener = try TCPListener(address)
    defer { listener.close() }
    let client = try TCPConn.dial(try listener.endpoint())
    try client.finishConnect(until: .after(.seconds(5)))
    listener.setReadDeadline(.after(.seconds(5)))
    let server = try listener.accept()
    return (client, server)
}

/// The byte at stream position `i`: a sequence whose period (65,521, a prime) matches no buffer
/// size, so a lost, repeated or reordered chunk shows up.
@inline(__always)
func patternByte(_ i: Int) -> UInt8 {
    let k = i % 65_521
    return UInt8(truncatingIfNeeded: k &* 31 &+ k >> 8)
}

/// Fills `buffer` with the pattern starting at stream position `start`.
func fillPattern(_ buffer: UnsafeMutableRawBufferPointer, from start: Int) {
    for i in 0..<buffer.count { buffer[i] = patternByte(start + i) }
}

/// Reads until end of stream (or `limit` bytes), checking every byte against the pattern;
/// returns (bytes read, position of the first wrong byte or nil).
func drainChecking(
    _ conn: some Connection,
    limit: Int,
    chunk: Int = 4096,
    pace: Duration? = nil
) throws -> (
    count: Int, firstWrong: Int?
) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 8)
    defer { buffer.deallocate() }
    var total = 0
    var firstWrong: Int?
    while total < limit {
        let n = try conn.read(into: buffer)
        if n == 0 { break }
        if firstWrong == nil {
            for i in 0..<n where buffer[i] != patternByte(total + i) {
                firstWrong = total + i
                break
            }
        }
        total += n
        if let pace { pause(pace) }
    }
    return (total, firstWrong)
}
