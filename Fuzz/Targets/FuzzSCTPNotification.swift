// SCTP notifications (`union sctp_notification`) from arbitrary bytes: the kernel builds them, but
// they carry a peer's data (a failed message's payload, its addresses), and a receive buffer
// shorter than the notification cuts them. The decoder accepts exactly the bytes its type needs,
// every field it reports equals the raw bytes, and the undelivered payload lies in the bytes.

import SockLinux
import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCTPNotification(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { bytes in
        checkNotification(bytes)
        return 0
    }
}

func checkNotification(_ bytes: UnsafeRawBufferPointer) {
    let notification: SCTPNotification
    do {
        notification = try SCTPNotification(decoding: bytes)
    } catch {
        require(error.code == .invalidArgument && error.errno == 0, "bad error \(error)")
        require(error.detail == .malformedNotification, "bad detail \(error)")
        require(error.operation == .decodeNotification, "bad operation \(error)")
        require(bytes.count < 8 || !fits(bytes), "refused a notification whose bytes fit its type")
        return
    }
    require(bytes.count >= 8, "decoded \(bytes.count) bytes, less than the header")
    let type = bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self)
    let flags = bytes.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
    let length = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    require(notification.type == SCTPEventType(rawValue: type), "type \(notification.type) for \(type)")
    require(fits(bytes), "accepted a notification shorter than its type")
    _ = notification.type.description
    require(notification == notification && notification.hashValue == notification.hashValue, "equality")
    // The fields, at the offsets of <linux/sctp.h> (literal: independent of the generated tables).
    func u16(_ offset: Int) -> UInt16 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }
    func u32(_ offset: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    func i32(_ offset: Int) -> Int32 { bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self) }
    switch notification {
    case .associationChange(let change):
        require(change.state.rawValue == u16(8) && change.error == u16(10), "sac_state / sac_error")
        require(change.outboundStreams == u16(12) && change.inboundStreams == u16(14), "sac streams")
        require(change.association.rawValue == i32(16), "sac_assoc_id")
        _ = change.state.description
    case .peerAddressChange(let change):
        checkEmbeddedAddress(change.address, bytes, at: 8)
        require(change.state.rawValue == i32(136) && change.error == i32(140), "spc_state / spc_error")
        require(change.association.rawValue == i32(144), "spc_assoc_id")
        _ = change.state.description
    case .shutdown(let association):
        require(association.rawValue == i32(8), "sse_assoc_id")
    case .sendFailed(let failure):
        require(failure.flags == flags && failure.error == u32(8), "ssf_flags / ssf_error")
        require(failure.info.stream == u16(12) && failure.info.flags.rawValue == u16(14), "ssfe_info sid/flags")
        require(failure.info.payloadProtocolID == UInt32(bigEndian: u32(16)), "ssfe_info ppid")
        require(failure.info.context == u32(20), "ssfe_info context")
        require(failure.info.association.rawValue == i32(24), "ssfe_info assoc_id")
        require(failure.association.rawValue == i32(28), "ssf_assoc_id")
        _ = failure.wasSent
        let data = failure.undeliveredData
        require(data.lowerBound == 32, "ssf_data starts at \(data.lowerBound)")
        require(data.upperBound <= bytes.count, "undelivered data past the bytes")
        require(data.isEmpty || data.upperBound <= length, "undelivered data past sn_length")
        require(data.count == max(0, min(length, bytes.count) - 32), "undelivered data count \(data.count)")
        // Read it all, for the sanitizer.
        var sum = 0
        for i in data { sum &+= Int(bytes[i]) }
        _ = sum
    case .other(let otherType, let otherFlags, let otherLength):
        require(otherType.rawValue == type && otherFlags == flags && otherLength == length, "other's header")
        require(knownTypes[type] == nil, "a known type decoded as other")
    }
    if case .other = notification {
        require(notification.association == nil, "association of an other notification")
    } else {
        require(notification.association != nil, "no association")
    }
}

/// The known types and the bytes each needs (`sizeof` of its struct, literal).
let knownTypes: [UInt16: Int] = [
    0x8001: 20,  // SCTP_ASSOC_CHANGE, struct sctp_assoc_change
    0x8002: 148,  // SCTP_PEER_ADDR_CHANGE, struct sctp_paddr_change
    0x8005: 12,  // SCTP_SHUTDOWN_EVENT, struct sctp_shutdown_event
    0x800d: 32,  // SCTP_SEND_FAILED_EVENT, struct sctp_send_failed_event
]

/// Whether the bytes and the header's length cover the struct of the header's type.
func fits(_ bytes: UnsafeRawBufferPointer) -> Bool {
    guard bytes.count >= 8 else { return false }
    let type = bytes.loadUnaligned(fromByteOffset: 0, as: UInt16.self)
    let length = Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    guard let need = knownTypes[type] else { return true }
    return bytes.count >= need && length >= need
}
