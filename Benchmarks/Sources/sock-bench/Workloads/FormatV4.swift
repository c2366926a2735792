// format-v4: IPv4 address -> text. C baseline: inet_ntop(AF_INET, 127.0.0.1) into a stack buffer.

import CBenchSupport
import Sock

/// One op = `IPv4Address.format(into:)` of 127.0.0.1 into a stack buffer, which a sink then
/// consumes. The address comes through an opaque call, so the text cannot be computed once.
func formatV4(_ parameters: RunParameters) -> Measurement {
    withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
        let expected = AddressInputs.string(AddressInputs.v4Text)
        do throws(SocketError) {
            let count = try AddressInputs.v4.format(into: buffer)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
            if text != expected { fail("format-v4: formatted '\(text)', expected '\(expected)'") }
        } catch {
            fail("format-v4: \(error)")
        }
        let hostOrder = AddressInputs.v4.hostOrder
        return measure(parameters) { _ in
            let address = IPv4Address(hostOrder: UInt32(truncatingIfNeeded: bench_opaque_u64(UInt64(hostOrder))))
            do throws(SocketError) {
                let count = try address.format(into: buffer)
                bench_sink_ptr(buffer.baseAddress! + count)
            } catch {
                fail("format-v4: \(error)")
            }
        }
    }
}
