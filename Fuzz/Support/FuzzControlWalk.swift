// Shared by the targets that check decoders of control messages: a walk of `struct cmsghdr`s
// written here (64-bit Linux: cmsg_len 8 bytes at 0, cmsg_level at 8, cmsg_type at 12, data at
// 16, each message aligned to 8), independent of Sock's `ControlMessages`, to check it against.

/// Calls `body` with each well-formed message's level, type and payload, in order, until it
/// returns false or a header is malformed (shorter than 16 bytes or longer than what is left).
func walkControl(_ bytes: UnsafeRawBufferPointer, _ body: (Int32, Int32, UnsafeRawBufferPointer) -> Bool) {
    var offset = 0
    while bytes.count - offset >= 16 {
        let length = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        guard length >= 16, length <= UInt64(bytes.count - offset) else { return }
        let level = bytes.loadUnaligned(fromByteOffset: offset + 8, as: Int32.self)
        let type = bytes.loadUnaligned(fromByteOffset: offset + 12, as: Int32.self)
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + 16)..<(offset + Int(length))])
        if !body(level, type, payload) { return }
        offset += (Int(length) + 7) & ~7
    }
}

/// The GRO segment size the control bytes carry: the first `SOL_UDP` (17) / `UDP_GRO` (104)
/// message whose payload is one int, if that int is positive (a size of 0 or less is no size).
func expectedGROSegmentSize(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var size: Int?
    walkControl(bytes) { level, type, payload in
        guard level == 17, type == 104, payload.count == 4 else { return true }
        let value = Int(payload.loadUnaligned(as: Int32.self))
        guard value > 0 else { return true }
        size = value
        return false
    }
    return size
}
