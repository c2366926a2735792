// parse-v6: IPv6 text -> address. C baseline: inet_pton(AF_INET6, "2001:db8::ff00:42:8329").

import CBenchSupport
import Sock

/// One op = `IPv6Address(parsing:)` over the UTF-8 bytes of "2001:db8::ff00:42:8329" (the byte entry
/// point, as inet_pton takes a `char *`), with the result consumed by a sink.
func parseV6(_ parameters: RunParameters) -> Measurement {
    do throws(SocketError) {
        let parsed = try IPv6Address(parsing: AddressInputs.opaqueBytes(AddressInputs.v6Text))
        if parsed != AddressInputs.v6 { fail("parse-v6: parsed \(parsed), expected \(AddressInputs.v6)") }
    } catch {
        fail("parse-v6: \(error)")
    }
    return measure(parameters) { _ in
        do throws(SocketError) {
            let address = try IPv6Address(parsing: AddressInputs.opaqueBytes(AddressInputs.v6Text))
            bench_sink_u64(address.highBits ^ address.lowBits)
        } catch {
            fail("parse-v6: \(error)")
        }
    }
}
