// Shared by every fuzz target: the libFuzzer entry point calls `fuzzOne`, and `require` turns a
// broken invariant into a crash that libFuzzer records (with the message on stderr).

#if canImport(Glibc)
import Glibc
#endif

/// Stops the run with `message` when `condition` is false: libFuzzer saves the input as a crash.
@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        let text = "fuzz invariant broken: \(message())\n"
        var bytes = Array(text.utf8)
        _ = write(2, &bytes, bytes.count)
        abort()
    }
}

/// A cursor over the fuzzer's bytes, for targets that derive several values from one input.
struct FuzzInput {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }

    mutating func uint32() -> UInt32 { UInt32(uint16()) | UInt32(uint16()) << 16 }

    /// The next `count` bytes (fewer at the end).
    mutating func take(_ count: Int) -> UnsafeRawBufferPointer {
        let n = max(0, min(count, remaining))
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
    }

    /// Everything left.
    mutating func rest() -> UnsafeRawBufferPointer { take(remaining) }
}

/// Copies `bytes` into a fresh heap buffer of exactly that size, so AddressSanitizer catches any
/// read past the end (the fuzzer's own buffer may have slack around it).
func withExactCopy<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 0), alignment: 16)
    defer { copy.deallocate() }
    if bytes.count > 0 { copy.copyMemory(from: bytes) }
    return body(UnsafeRawBufferPointer(copy))
}

/// Whether two byte sequences are equal.
func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    a.count == b.count && a.elementsEqual(b)
}

/// Formats with `format` into a buffer of exactly `capacity` bytes (heap, so overruns are
/// caught); returns the bytes, or nil when `format` threw.
func formatted(capacity: Int, _ format: (UnsafeMutableRawBufferPointer) throws -> Int) -> [UInt8]? {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
    defer { buffer.deallocate() }
    guard let n = try? format(buffer) else { return nil }
    require(n >= 0 && n <= capacity, "format returned \(n) for capacity \(capacity)")
    return Array(buffer[0..<n])
}
