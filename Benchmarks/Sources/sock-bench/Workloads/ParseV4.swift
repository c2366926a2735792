// parse-v4: IPv4 text -> address. C baseline: inet_pton(AF_INET, "127.0.0.1").

import CBenchSupport
import Sock

/// One op = `IPv4Address(parsing:)` over the UTF-8 bytes of "127.0.0.1" (the byte entry point,
/// as inet_pton takes a `char *`), with the result consumed by a sink.
func parseV4(_ parameters: RunParameters) -> Measurement {
    do throws(SocketError) {
        let parsed = try IPv4Address(parsing: AddressInputs.opaqueBytes(AddressInputs.v4Text))
        if parsed != AddressInputs.v4 { fail("parse-v4: parsed \(parsed), expected \(AddressInputs.v4)") }
    } catch {
        fail("parse-v4: \(error)")
    }
    return measure(parameters) { _ in
        do throws(SocketError) {
            let address = try IPv4Address(parsing: AddressInputs.opaqueBytes(AddressInputs.v4Text))
            bench_sink_u64(UInt64(address.hostOrder))
        } catch {
            fail("parse-v4: \(error)")
        }
    }
}
