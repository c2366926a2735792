// SCTP receive info (`SCTP_RCVINFO`, `struct sctp_rcvinfo`) found in arbitrary control bytes with
// an arbitrary reported length (`msg_controllen`), as `receiveMessage` decodes it: the result is
// the first `SCTP_RCVINFO` message's fields (checked by a walk written here, at the literal
// offsets of <linux/sctp.h>), or nil, and nothing is read outside the bytes. Also the struct
// decoders of `sctp_rcvinfo` and `sctp_sndinfo` at any offset of any bytes.

import SockLinux
import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSCTPReceiveInfo(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzInput(UnsafeRawBufferPointer(start: data, count: size))
    let mode = input.byte()
    if mode & 1 == 0 {
        // The reported length: mostly near the buffer's size, sometimes any Int32 (negative too).
        let raw = Int32(bitPattern: input.uint32())
        let rest = input.rest()
        let count = mode & 2 == 0 ? rest.count - Int(raw % 64) : Int(raw)
        withExactCopy(rest) { checkControl($0, count: count) }
    } else {
        let offset = Int(truncatingIfNeeded: UInt64(input.uint32()) << 32 | UInt64(input.uint32()))
        let small = Int(Int8(bitPattern: input.byte()))
        withExactCopy(input.rest()) { bytes in
            // Any offset, and one near the struct's bounds.
            checkStructs(bytes, at: offset)
            checkStructs(bytes, at: small)
            checkStructs(bytes, at: bytes.count - 28 + Int(small % 4))
        }
    }
    return 0
}

func checkControl(_ bytes: UnsafeRawBufferPointer, count: Int) {
    let buffer = UnsafeMutableRawBufferPointer(mutating: bytes)
    let info = SCTPControl.receiveInfo(in: buffer, count: count)
    let used = UnsafeRawBufferPointer(rebasing: bytes[..<max(0, min(count, bytes.count))])
    require(info == SCTPControl.receiveInfo(in: used), "the clamped and the plain decoders differ")
    // The first SOL_SCTP (132) / SCTP_RCVINFO (3) message, by a walk of the target's own.
    var payload: UnsafeRawBufferPointer?
    walkControl(used) { level, type, data in
        guard level == 132, type == 3 else { return true }
        payload = data
        return false
    }
    guard let payload, payload.count >= 28 else {
        require(info == nil, "receive info from no (or a short) SCTP_RCVINFO message")
        return
    }
    guard let info else {
        require(false, "SCTP_RCVINFO of \(payload.count) bytes not decoded")
        return
    }
    checkReceiveInfo(info, payload, at: 0)
}

func checkStructs(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
    let fitsReceive = offset >= 0 && offset <= bytes.count - 28
    let receive = SCTPReceiveInfo(decoding: bytes, at: offset)
    require((receive != nil) == fitsReceive, "sctp_rcvinfo at \(offset) of \(bytes.count) bytes")
    if let receive { checkReceiveInfo(receive, bytes, at: offset) }
    let fitsSend = offset >= 0 && offset <= bytes.count - 16
    let send = SCTPSendInfo(decoding: bytes, at: offset)
    require((send != nil) == fitsSend, "sctp_sndinfo at \(offset) of \(bytes.count) bytes")
    if let send { checkSendInfo(send, bytes, at: offset) }
}

/// `struct sctp_rcvinfo`: sid 0, ssn 2, flags 4, ppid 8 (network order), tsn 12, cumtsn 16,
/// context 20, assoc_id 24; 28 bytes.
func checkReceiveInfo(_ info: SCTPReceiveInfo, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    func u16(_ at: Int) -> UInt16 { bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt16.self) }
    func u32(_ at: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self) }
    require(info.stream == u16(0) && info.streamSequenceNumber == u16(2), "rcv_sid / rcv_ssn")
    require(info.flags.rawValue == u16(4), "rcv_flags")
    require(info.isUnordered == (u16(4) & 1 != 0), "unordered")
    require(info.payloadProtocolID == UInt32(bigEndian: u32(8)), "rcv_ppid")
    require(info.tsn == u32(12) && info.cumulativeTSN == u32(16) && info.context == u32(20), "tsn / context")
    require(info.association.rawValue == Int32(bitPattern: u32(24)), "rcv_assoc_id")
}

/// `struct sctp_sndinfo`: sid 0, flags 2, ppid 4 (network order), context 8, assoc_id 12; 16 bytes.
func checkSendInfo(_ info: SCTPSendInfo, _ bytes: UnsafeRawBufferPointer, at offset: Int) {
    func u16(_ at: Int) -> UInt16 { bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt16.self) }
    func u32(_ at: Int) -> UInt32 { bytes.loadUnaligned(fromByteOffset: offset + at, as: UInt32.self) }
    require(info.stream == u16(0) && info.flags.rawValue == u16(2), "snd_sid / snd_flags")
    require(info.payloadProtocolID == UInt32(bigEndian: u32(4)) && info.context == u32(8), "snd_ppid / context")
    require(info.association.rawValue == Int32(bitPattern: u32(12)), "snd_assoc_id")
}
