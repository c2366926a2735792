// hello.swift - the VM runner's self-test for a dynamically linked Swift program: the Swift
// runtime and Foundation (with ICU) are copied into the initramfs by ldd and must load in the
// guest, and the guest kernel must give a Swift program an SCTP socket.
// Exit 0 = all good, 1 = a check failed, 77 = no SCTP (as on the host).
import Foundation

#if canImport(Glibc)
import Glibc
#endif

let formatter = ISO8601DateFormatter()
let date = formatter.string(from: Date(timeIntervalSince1970: 0))
print("Foundation: ISO8601 of 0 = \(date)")
guard date == "1970-01-01T00:00:00Z" else {
    print("FAIL: Foundation formatted \(date)")
    exit(1)
}
let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), Int32(IPPROTO_SCTP))
guard fd >= 0 else {
    print("SCTP not available: \(String(cString: strerror(errno)))")
    exit(77)
}
close(fd)
print("RESULT: PASS (Swift runtime, Foundation and an SCTP socket)")
