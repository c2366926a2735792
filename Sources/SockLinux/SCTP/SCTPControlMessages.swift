#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The two SCTP control messages Sock exchanges: `SCTP_SNDINFO` (built for a send) and
/// `SCTP_RCVINFO` (found in a receive). Layouts come from the ABI tables (`struct cmsghdr`,
/// `struct sctp_sndinfo`, `struct sctp_rcvinfo`); buffers live on the caller's stack.
///
/// This is a minimal SCTP-only builder and parser. When SockLinux's generic control-message
/// builder exists, these two functions should be expressed with it.
enum SCTPControl {
    /// `CMSG_ALIGN`: control messages are aligned to `sizeof(size_t)` (the type of `cmsg_len`).
    static func align(_ length: Int) -> Int {
        let unit = LinuxABI.fieldsize_cmsghdr_cmsg_len
        return (length + unit - 1) & ~(unit - 1)
    }

    /// `CMSG_LEN(n)`.
    static func length(_ payload: Int) -> Int { align(LinuxABI.sizeof_cmsghdr) + payload }

    /// `CMSG_SPACE(n)`.
    static func space(_ payload: Int) -> Int { align(LinuxABI.sizeof_cmsghdr) + align(payload) }

    /// The control space of one `SCTP_SNDINFO` message (32 bytes on 64-bit Linux).
    static var sendInfoSpace: Int { space(LinuxABI.sizeof_sctp_sndinfo) }

    /// Room for what a receive may carry: `SCTP_RCVINFO` (48 bytes) and, should the caller have
    /// enabled it on the descriptor, `SCTP_NXTINFO`.
    static var receiveSpace: Int { 128 }

    /// Writes one `SCTP_SNDINFO` control message for `info` at the start of `buffer` (which holds
    /// ``sendInfoSpace`` bytes) and returns its space.
    static func encodeSendInfo(_ info: SCTPSendInfo, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let total = sendInfoSpace
        let header = align(LinuxABI.sizeof_cmsghdr)
        UnsafeMutableRawBufferPointer(rebasing: buffer[0..<total]).initializeMemory(as: UInt8.self, repeating: 0)
        buffer.storeBytes(
            of: length(LinuxABI.sizeof_sctp_sndinfo),
            toByteOffset: LinuxABI.offsetof_cmsghdr_cmsg_len,
            as: Int.self
        )
        buffer.storeBytes(of: SCTPC.SOL_SCTP, toByteOffset: LinuxABI.offsetof_cmsghdr_cmsg_level, as: CInt.self)
        buffer.storeBytes(of: SCTPC.SNDINFO, toByteOffset: LinuxABI.offsetof_cmsghdr_cmsg_type, as: CInt.self)
        info.encode(into: UnsafeMutableRawBufferPointer(rebasing: buffer[header..<total]))
        return total
    }

    /// Finds the `SCTP_RCVINFO` control message in `control` (the bytes the kernel wrote) and
    /// decodes it; nil when there is none or it is malformed.
    static func receiveInfo(in control: UnsafeRawBufferPointer) -> SCTPReceiveInfo? {
        let header = align(LinuxABI.sizeof_cmsghdr)
        var offset = 0
        while offset + header <= control.count {
            guard let len = control.field(at: offset + LinuxABI.offsetof_cmsghdr_cmsg_len, as: Int.self),
                let level = control.field(at: offset + LinuxABI.offsetof_cmsghdr_cmsg_level, as: CInt.self),
                let type = control.field(at: offset + LinuxABI.offsetof_cmsghdr_cmsg_type, as: CInt.self),
                len >= header, len <= control.count - offset
            else { return nil }
            if level == SCTPC.SOL_SCTP, type == SCTPC.RCVINFO {
                let data = UnsafeRawBufferPointer(rebasing: control[offset + header..<offset + len])
                return SCTPReceiveInfo(decoding: data)
            }
            offset += align(len)
        }
        return nil
    }
}
#endif
