// The address workloads' inputs: the same texts and values as the C baseline (baseline/w_addr.c).

import CBenchSupport
import Sock

/// Inputs and expected results shared by parse-v4, format-v4, parse-v6, format-v6 and decode.
enum AddressInputs {
    static let v4Text: StaticString = "127.0.0.1"
    static let v4 = IPv4Address(127, 0, 0, 1)
    static let v6Text: StaticString = "2001:db8::ff00:42:8329"
    static let v6 = IPv6Address(highBits: 0x2001_0db8_0000_0000, lowBits: 0x0000_ff00_0042_8329)

    /// The UTF-8 bytes of `text`, behind an opaque pointer so a parse of them cannot be hoisted
    /// out of the measuring loop (one C call per op; the C baseline's barrier is free).
    @inline(__always)
    static func opaqueBytes(_ text: StaticString) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bench_opaque_ptr(text.utf8Start), count: text.utf8CodeUnitCount)
    }

    /// The text of `text` as a String, for checking a formatter's output.
    static func string(_ text: StaticString) -> String {
        text.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
    }
}
