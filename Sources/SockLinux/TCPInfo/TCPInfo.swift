#if os(Linux)
import SockPOSIX

/// A snapshot of a TCP socket's state from `getsockopt(IPPROTO_TCP, TCP_INFO)`. Linux-only.
///
/// `struct tcp_info` grows with the kernel: 104 bytes in old kernels (and in glibc's header), 232
/// in 5.4–6.1, 240 in 6.2, 248 in 6.7, 280 in 6.18 (the AccECN counters). Sock reads it into a
/// 512-byte inline buffer (no heap), keeps the length the kernel returned, and reads each field by
/// the offset in the generated ABI layout: a field the kernel did not fill is `nil`, never a zero
/// that looks real and never garbage.
///
/// The typed fields are those of the ABI tables (kernel 6.12, 248 bytes) and the AccECN counters
/// of 6.18 (``receivedCe`` ... ``receivedCeBytes``). Bytes a newer kernel adds beyond them are not
/// lost: ``length`` says how many bytes the kernel wrote, ``load(_:at:)`` and
/// ``withUnsafeBytes(_:)`` read them. The last four bytes of the 280-byte struct have no typed
/// field, because their layout depends on the kernel, not on the length: 6.18 has
/// `tcpi_accecn_fail_mode` (u16) at 276 and `tcpi_accecn_opt_seen` (u16) at 278, while 7.0 packs
/// `tcpi_ecn_mode:2`, `tcpi_accecn_opt_seen:2`, `tcpi_accecn_fail_mode:4` and `tcpi_options2:24`
/// into one u32 at 276.
///
/// Field names follow the C struct (`tcpi_snd_mss` is ``sndMss``) and keep the kernel's units:
/// microseconds for `rto`, `ato`, `rtt`, `rttvar`, `rcvRtt`, `minRtt`, `busyTime`,
/// `rwndLimited`, `sndbufLimited`; milliseconds for `lastDataSent`, `lastAckSent`,
/// `lastDataRecv`, `lastAckRecv`, `totalRtoTime`; bytes per second for the rates.
@frozen
public struct TCPInfo: Sendable {
    /// The size of the buffer Sock reads `tcp_info` into; a kernel struct larger than this is
    /// truncated to it.
    public static var capacity: Int { 512 }

    @usableFromInline var storage: InlineArray<512, UInt8>

    @usableFromInline var storedLength: Int

    /// The number of bytes the kernel filled (280 on Linux 6.18). Fields beyond it are `nil`.
    @inlinable public var length: Int { storedLength }

    /// An empty snapshot: every field is `nil`.
    @inlinable
    public init() {
        storage = InlineArray(repeating: 0)
        storedLength = 0
    }

    /// Parses a raw `struct tcp_info` of `bytes.count` bytes, as the kernel returned it (at most
    /// ``capacity`` bytes are kept). A short buffer, as an older kernel would return, gives `nil`
    /// for the fields it does not cover. No allocation.
    @inlinable
    public init(parsing bytes: UnsafeRawBufferPointer) {
        self.init()
        let count = Swift.min(bytes.count, TCPInfo.capacity)
        if count > 0 {
            Swift.withUnsafeMutableBytes(of: &storage) { to in
                to.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[..<count]))
            }
        }
        storedLength = count
    }

    /// Lets `fill` write the raw struct (e.g. with `getsockopt`) and return the length written.
    @inlinable
    mutating func fill(_ fill: (UnsafeMutableRawBufferPointer) throws(SocketError) -> Int) throws(SocketError) {
        let written = try Swift.withUnsafeMutableBytes(of: &storage) {
            (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in try fill(buffer)
        }
        storedLength = Swift.max(0, Swift.min(written, TCPInfo.capacity))
    }

    /// Calls `body` with the bytes the kernel filled (``length`` bytes).
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try Swift.withUnsafeBytes(of: storage) { (all: UnsafeRawBufferPointer) throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: all[..<length]))
        }
    }

    /// The integer of type `T` at byte `offset` in host byte order, or `nil` when the kernel's
    /// struct does not cover it. Use it for fields without a typed accessor.
    @inlinable
    public func load<T: FixedWidthInteger & BitwiseCopyable>(_ type: T.Type = T.self, at offset: Int) -> T? {
        withUnsafeBytes { $0.field(at: offset, as: T.self) }
    }

    /// The bit field of `size` bits starting at bit `bitOffset` (little-endian bit order, as GCC
    /// lays out `tcp_info`'s `u8` bit fields), or `nil` when its byte is not covered.
    @inlinable
    func bits(at bitOffset: Int, size: Int) -> UInt8? {
        guard let byte = load(UInt8.self, at: bitOffset / 8) else { return nil }
        return (byte >> UInt8(bitOffset % 8)) & UInt8((1 << size) - 1)
    }
}
#endif
