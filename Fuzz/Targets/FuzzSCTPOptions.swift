// The SCTP getsockopt decoders on arbitrary bytes of any length, with the length the kernel
// reports where the decoder takes one: a struct decodes exactly when the bytes cover it, every
// field equals the raw bytes (literal offsets of <linux/sctp.h>, independent of the generated
// tables), the address lists of `sctp_getaddrs` hold exactly `addr_num` well-formed addresses,
// and nothing is read outside the bytes.

import SockLinux
import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCTPOptions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    let which = input.byte() % 10
    let number = input.uint32()
    withExactCopy(input.rest()) { bytes in
        switch which {
        case 0: checkStatus(bytes)
        case 1: checkPathInfo(bytes, at: Int(Int32(bitPattern: number)))
        case 2: checkPeerAddressParameters(bytes)
        case 3: checkInitMessage(bytes)
        case 4: checkRTOInfo(bytes)
        case 5: checkAssociationParameters(bytes)
        case 6: checkAssocValue(bytes)
        case 7: checkSubscription(bytes, length: Int(number))
        case 8: checkAddressList(bytes)
        default: checkPacked(bytes, count: Int(Int32(bitPattern: number)))
        }
    }
    return 0
}

func u16(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
    bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
}
func u32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
    bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
}
func i32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int32 {
    bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
}
func ms(_ value: UInt32) -> Duration { .milliseconds(Int(value)) }

/// `struct sctp_status` (176 bytes): assoc_id 0, state 4, rwnd 8, unackdata 12, penddata 14,
/// instrms 16, outstrms 18, fragmentation_point 20, primary (`struct sctp_paddrinfo`) 24.
func checkStatus(_ bytes: UnsafeRawBufferPointer) {
    let status: SCTPStatus?
    do {
        status = try SCTPStatus(decoding: bytes)
    } catch {
        // Any family decodes (by its own length, or as the whole slot): nothing to refuse.
        require(false, "threw \(error) for \(bytes.count) bytes")
        return
    }
    require((status != nil) == (bytes.count >= 176), "status presence at \(bytes.count) bytes")
    guard let status else { return }
    require(status.association.rawValue == i32(bytes, 0) && status.state.rawValue == i32(bytes, 4), "id / state")
    require(status.receiveWindow == u32(bytes, 8), "rwnd")
    require(status.unacknowledgedData == u16(bytes, 12) && status.pendingData == u16(bytes, 14), "unack / pend")
    require(status.inboundStreams == u16(bytes, 16) && status.outboundStreams == u16(bytes, 18), "streams")
    require(status.fragmentationPoint == u32(bytes, 20), "fragmentation point")
    _ = status.state.description
    checkPathFields(status.primary, bytes, at: 24)
}

/// `struct sctp_paddrinfo` (152 bytes, packed) at `offset`: assoc_id 0, address 4 (128),
/// state 132, cwnd 136, srtt 140, rto 144, mtu 148.
func checkPathInfo(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
    let fits = offset >= 0 && offset <= bytes.count - 152
    for at in [offset, bytes.count - 152, 0] {
        let info: SCTPPeerAddressInfo?
        do {
            info = try SCTPPeerAddressInfo(decoding: bytes, at: at)
        } catch {
            require(false, "threw \(error) for a path info at \(at) of \(bytes.count) bytes")
            continue
        }
        let fitsHere = at == offset ? fits : at >= 0 && at <= bytes.count - 152
        require((info != nil) == fitsHere, "path info presence at \(at) of \(bytes.count)")
        if let info { checkPathFields(info, bytes, at: at) }
    }
}

func checkPathFields(_ info: SCTPPeerAddressInfo, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    checkEmbeddedAddress(info.address, bytes, at: offset + 4)
    require(info.state.rawValue == i32(bytes, offset + 132), "spinfo_state")
    require(info.congestionWindow == u32(bytes, offset + 136), "spinfo_cwnd")
    require(info.smoothedRTT == ms(u32(bytes, offset + 140)), "spinfo_srtt")
    require(info.rto == ms(u32(bytes, offset + 144)), "spinfo_rto")
    require(info.mtu == u32(bytes, offset + 148), "spinfo_mtu")
}

/// `struct sctp_paddrparams` (156 bytes, packed): hbinterval 132, pathmaxrxt 136, pathmtu 138,
/// sackdelay 142, flags 146, ipv6_flowlabel 150, dscp 154.
func checkPeerAddressParameters(_ bytes: UnsafeRawBufferPointer) {
    let p = SCTPPeerAddressParameters(decoding: bytes)
    require((p != nil) == (bytes.count >= 156), "paddrparams presence at \(bytes.count)")
    guard let p else { return }
    require(p.heartbeatInterval == ms(u32(bytes, 132)) && p.pathMaxRetransmissions == u16(bytes, 136), "hb / rxt")
    require(p.pathMTU == u32(bytes, 138) && p.sackDelay == ms(u32(bytes, 142)), "mtu / sack")
    require(p.flags.rawValue == u32(bytes, 146) && p.ipv6FlowLabel == u32(bytes, 150), "flags / label")
    require(p.dscp == bytes[154], "dscp")
}

/// `struct sctp_initmsg` (8 bytes): num_ostreams 0, max_instreams 2, max_attempts 4, max_init_timeo 6.
func checkInitMessage(_ bytes: UnsafeRawBufferPointer) {
    let m = SCTPInitMessage(decoding: bytes)
    require((m != nil) == (bytes.count >= 8), "initmsg presence at \(bytes.count)")
    guard let m else { return }
    require(m.outboundStreams == u16(bytes, 0) && m.maxInboundStreams == u16(bytes, 2), "streams")
    require(m.maxAttempts == u16(bytes, 4), "attempts")
    require(m.maxInitTimeout == .milliseconds(Int(u16(bytes, 6))), "timeout")
}

/// `struct sctp_rtoinfo` (16 bytes): assoc_id 0, initial 4, max 8, min 12.
func checkRTOInfo(_ bytes: UnsafeRawBufferPointer) {
    let r = SCTPRTOInfo(decoding: bytes)
    require((r != nil) == (bytes.count >= 16), "rtoinfo presence at \(bytes.count)")
    guard let r else { return }
    require(r.initial == ms(u32(bytes, 4)) && r.maximum == ms(u32(bytes, 8)), "initial / max")
    require(r.minimum == ms(u32(bytes, 12)), "min")
}

/// `struct sctp_assocparams` (20 bytes): assoc_id 0, asocmaxrxt 4, number_peer_destinations 6,
/// peer_rwnd 8, local_rwnd 12, cookie_life 16.
func checkAssociationParameters(_ bytes: UnsafeRawBufferPointer) {
    let a = SCTPAssociationParameters(decoding: bytes)
    require((a != nil) == (bytes.count >= 20), "assocparams presence at \(bytes.count)")
    guard let a else { return }
    require(a.maxRetransmissions == u16(bytes, 4) && a.peerDestinations == u16(bytes, 6), "rxt / peers")
    require(a.peerReceiveWindow == u32(bytes, 8) && a.localReceiveWindow == u32(bytes, 12), "windows")
    require(a.cookieLife == ms(u32(bytes, 16)), "cookie life")
}

/// `struct sctp_assoc_value` (8 bytes): assoc_id 0, assoc_value 4.
func checkAssocValue(_ bytes: UnsafeRawBufferPointer) {
    let v = SCTPConn.assocValue(decoding: bytes)
    require((v != nil) == (bytes.count >= 8), "assoc_value presence at \(bytes.count)")
    if let v { require(v == u32(bytes, 4), "assoc_value") }
}

/// `struct sctp_event` (8 bytes): assoc_id 0, type 4, on 6; `length` is what getsockopt reported
/// (a `socklen_t`, so any 0...UInt32.max), whatever the buffer's size.
func checkSubscription(_ bytes: UnsafeRawBufferPointer, length: Int) {
    let on = SCTPConn.subscription(decoding: bytes, length: length)
    require((on != nil) == (min(length, bytes.count) >= 7), "se_on presence, \(length) of \(bytes.count)")
    if let on { require(on == (bytes[6] != 0), "se_on") }
}

/// `struct sctp_getaddrs`: assoc_id 0, addr_num 4, then the addresses packed from 8.
func checkAddressList(_ bytes: UnsafeRawBufferPointer) {
    let list: SCTPAddr
    do {
        list = try SCTPAddr(decodingAddressList: bytes)
    } catch {
        if bytes.count < 8 {
            require(error.code == .invalidArgument && error.detail == .bufferTooSmall, "bad error \(error)")
        } else {
            checkPackedError(error, bytes, from: 8, count: Int(u32(bytes, 4)))
        }
        return
    }
    require(bytes.count >= 8, "an address list from \(bytes.count) bytes")
    checkPackedList(list, bytes, from: 8, count: Int(u32(bytes, 4)))
}

func checkPacked(_ bytes: UnsafeRawBufferPointer, count: Int) {
    let list: SCTPAddr
    do {
        list = try SCTPAddr.decodePacked(bytes, count: count)
    } catch {
        checkPackedError(error, bytes, from: 0, count: count)
        return
    }
    checkPackedList(list, bytes, from: 0, count: count)
}

/// The offset after `count` packed addresses from `start`, or nil at the first one that is not
/// a whole `sockaddr_in` (16 bytes, family 2) or `sockaddr_in6` (28, family 10).
func packedEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> Int? {
    var offset = start
    for _ in 0..<max(count, 0) {
        guard bytes.count - offset >= 2 else { return nil }
        switch u16(bytes, offset) {
        case 2: offset += 16
        case 10: offset += 28
        default: return nil
        }
        if offset > bytes.count { return nil }
    }
    return offset
}

func checkPackedError(_ error: SocketError, _ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) {
    if count <= 0 {
        require(error.code == .notConnected, "an empty list threw \(error)")
        return
    }
    require(error.code == .invalidArgument, "bad error \(error)")
    require(error.detail == .truncatedAddress || error.detail == .unsupportedFamily, "bad detail \(error)")
    require(packedEnd(bytes, from: start, count: count) == nil, "refused \(count) well-formed addresses")
}

func checkPackedList(_ list: SCTPAddr, _ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) {
    require(count > 0 && list.addressCount == count, "\(list.addressCount) addresses for addr_num \(count)")
    require(packedEnd(bytes, from: start, count: count) != nil, "accepted malformed addresses")
    var offset = start
    for index in 0..<count {
        let address = list.address(at: index)
        // Every address's port is the endpoint's (the first one's).
        let port =
            index == 0 ? list.port : UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self))
        switch address.ip {
        case .v4(let v4):
            require(u16(bytes, offset) == 2, "v4 from family \(u16(bytes, offset))")
            checkInet4(v4, port, bytes, at: offset)
            offset += 16
        case .v6(let v6):
            require(u16(bytes, offset) == 10, "v6 from family \(u16(bytes, offset))")
            checkInet6(v6, port, bytes, at: offset)
            offset += 28
        }
    }
    _ = list.description
}
