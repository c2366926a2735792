// Helpers only the reliability tests use: counts from the environment, the monotonic clock and
// the process's descriptor count. The rest (error expectations, threads, child processes,
// skipping with a printed reason, network namespaces) is the shared SockTestSupport target.

import Sock
@_exported import SockTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A positive integer from the environment (full-length runs raise the CI counts), or `fallback`.
func environmentCount(_ name: String, default fallback: Int) -> Int {
    guard let text = getenv(name), let value = Int(String(cString: text)), value > 0 else { return fallback }
    return value
}

/// Monotonic nanoseconds.
func now() -> Int64 { Deadline.monotonicNow() }

/// The number of open descriptors of this process (entries of /proc/self/fd, minus the one the
/// listing itself uses).
func openDescriptorCount() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    while let entry = readdir(dir) {
        // Through the entry's address: copying `d_name` (a 256-byte tuple) can read past a short
        // entry at the end of the directory buffer.
        let first = (UnsafeRawPointer(entry) + MemoryLayout<dirent>.offset(of: \dirent.d_name)!).load(as: UInt8.self)
        if first != UInt8(ascii: ".") { count += 1 }
    }
    return count - 1
}
