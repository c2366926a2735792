#if os(Linux)
import SockPOSIX

/// The `CMSG_ALIGN`, `CMSG_LEN` and `CMSG_SPACE` arithmetic, in Swift, from the generated
/// `cmsghdr` layout (a 16-byte header aligned to 8 bytes on every 64-bit Linux). Linux-only.
///
/// Size a control buffer with ``space(_:)``: one message carrying `n` descriptors needs
/// `ControlMessageLayout.space(n * 4)` bytes.
public enum ControlMessageLayout {
    /// The size of `struct cmsghdr` (16).
    @inlinable public static var headerSize: Int { LinuxABI.sizeof_cmsghdr }

    /// The alignment of control messages (`CMSG_ALIGN` rounds to it; 8).
    @inlinable public static var alignment: Int { LinuxABI.alignof_cmsghdr }

    /// `CMSG_ALIGN(length)`: `length` rounded up to the control-message alignment.
    @inlinable
    public static func align(_ length: Int) -> Int {
        (length + alignment - 1) & ~(alignment - 1)
    }

    /// `CMSG_LEN(payload)`: the `cmsg_len` of a message carrying `payload` bytes.
    @inlinable
    public static func length(_ payload: Int) -> Int { align(headerSize) + payload }

    /// `CMSG_SPACE(payload)`: the buffer space a message carrying `payload` bytes occupies,
    /// padding included.
    @inlinable
    public static func space(_ payload: Int) -> Int { align(headerSize) + align(payload) }

    /// The byte offset of `cmsg_len` (a `size_t`), `cmsg_level` and `cmsg_type` (ints).
    @inlinable static var lengthOffset: Int { LinuxABI.offsetof_cmsghdr_cmsg_len }
    @inlinable static var levelOffset: Int { LinuxABI.offsetof_cmsghdr_cmsg_level }
    @inlinable static var typeOffset: Int { LinuxABI.offsetof_cmsghdr_cmsg_type }
}
#endif
