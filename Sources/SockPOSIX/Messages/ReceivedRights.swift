import CPlatform

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Descriptors a peer passed with `SCM_RIGHTS` that the caller did not ask for.
///
/// On a Unix socket the kernel installs every descriptor a peer sends in the receiver's process
/// as soon as the message is received, whatever the receiver wanted from the control data (its
/// credentials, say). A receive that does not mean to take descriptors must close them, or a
/// hostile peer fills the process's descriptor table (a "descriptor bomb": 12 per message in a
/// 64-byte control buffer). systemd does the same (`cmsg_close_all`).
@usableFromInline
package enum ReceivedRights {
    /// Closes every descriptor in the `SCM_RIGHTS` messages of `control` (the bytes the kernel
    /// wrote) and overwrites each one with -1 in the buffer, so that parsing the control data later
    /// never yields a number that may already name another file. Returns how many it closed.
    @usableFromInline
    package static func closeAll(in control: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = control.baseAddress else { return 0 }
        let header = MemoryLayout<cmsghdr>.size
        let dataOffset = Int(cplatform_cmsg_len(0))
        var offset = 0
        var closed = 0
        while offset + header <= control.count {
            let message = (base + offset).loadUnaligned(as: cmsghdr.self)
            let length = Int(message.cmsg_len)
            guard length >= header, length <= control.count - offset else { break }
            if message.cmsg_level == SC.SOL_SOCKET, message.cmsg_type == SC.SCM_RIGHTS {
                let count = (length - dataOffset) / MemoryLayout<CInt>.size
                for i in 0..<max(0, count) {
                    let slot = base + offset + dataOffset + i * MemoryLayout<CInt>.size
                    let fd = slot.loadUnaligned(as: CInt.self)
                    if fd >= 0 {
                        _ = Sys.close(fd)
                        closed += 1
                    }
                    slot.storeBytes(of: -1, as: CInt.self)
                }
            }
            offset += Int(cplatform_cmsg_align(length))
        }
        return closed
    }
}
