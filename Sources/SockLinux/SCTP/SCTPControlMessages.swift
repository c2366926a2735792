#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The two SCTP control messages Sock exchanges, on top of SockLinux's generic
/// ``ControlMessageBuilder`` and ``ControlMessages``: `SCTP_SNDINFO` (built for a send) and
/// `SCTP_RCVINFO` (found in a receive). Buffers live on the caller's stack. `package`: the
/// receive-info decoders are fuzzed (`Fuzz/Targets/FuzzSCTPReceiveInfo.swift`).
package enum SCTPControl {
    /// The control space of one `SCTP_SNDINFO` message (32 bytes on 64-bit Linux).
    static var sendInfoSpace: Int { ControlMessageLayout.space(LinuxABI.sizeof_sctp_sndinfo) }

    /// Room for what a receive may carry: `SCTP_RCVINFO` (48 bytes) and, should the caller have
    /// enabled it on the descriptor, `SCTP_NXTINFO`.
    static var receiveSpace: Int { 128 }

    /// Writes one `SCTP_SNDINFO` control message for `info` into `buffer` (at least
    /// ``sendInfoSpace`` bytes) and returns the bytes to send.
    static func encodeSendInfo(
        _ info: SCTPSendInfo,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(SocketError) -> UnsafeRawBufferPointer {
        var builder = ControlMessageBuilder(buffer)
        try builder.append(level: SCTPC.SOL_SCTP, type: SCTPC.SNDINFO, payloadCount: LinuxABI.sizeof_sctp_sndinfo) {
            info.encode(into: $0)
        }
        return builder.bytes
    }

    /// Finds the `SCTP_RCVINFO` control message in `control` (the bytes the kernel wrote) and
    /// decodes it; nil when there is none or it is malformed.
    package static func receiveInfo(in control: UnsafeRawBufferPointer) -> SCTPReceiveInfo? {
        guard let message = ControlMessages(control).first(level: SCTPC.SOL_SCTP, type: SCTPC.RCVINFO) else {
            return nil
        }
        return SCTPReceiveInfo(decoding: message.data)
    }

    /// ``receiveInfo(in:)`` of the first `count` bytes of `control`, as a receive reported them
    /// (`msg_controllen`), clamped to the buffer: a length the kernel reports is not trusted.
    package static func receiveInfo(in control: UnsafeMutableRawBufferPointer, count: Int) -> SCTPReceiveInfo? {
        receiveInfo(in: ControlMessages(control, count: count).bytes)
    }
}
#endif
