// format-v6: IPv6 address -> text. C baseline: inet_ntop(AF_INET6, 2001:db8::ff00:42:8329).

import CBenchSupport
import Sock

/// One op = `IPv6Address.format(into:)` of 2001:db8::ff00:42:8329 (RFC 5952 text) into a stack
/// buffer, which a sink then consumes. The address comes through an opaque call, so the text cannot
/// be computed once.
func formatV6(_ parameters: RunParameters) -> Measurement {
    withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
        let expected = AddressInputs.string(AddressInputs.v6Text)
        do throws(SocketError) {
            let count = try AddressInputs.v6.format(into: buffer)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
            if text != expected { fail("format-v6: formatted '\(text)', expected '\(expected)'") }
        } catch {
            fail("format-v6: \(error)")
        }
        let high = AddressInputs.v6.highBits
        let low = AddressInputs.v6.lowBits
        return measure(parameters) { _ in
            let address = IPv6Address(highBits: bench_opaque_u64(high), lowBits: low)
            do throws(SocketError) {
                let count = try address.format(into: buffer)
                bench_sink_ptr(buffer.baseAddress! + count)
            } catch {
                fail("format-v6: \(error)")
            }
        }
    }
}
