// Raw views of byte arrays with typed throws, for calls into the library's buffer APIs.

import SockPOSIX

extension Array where Element == UInt8 {
    /// Calls `body` with the array's bytes as a raw buffer, with typed throws.
    package func withRaw<R>(_ body: (UnsafeRawBufferPointer) throws(SocketError) -> R) throws(SocketError) -> R {
        try withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) throws(SocketError) -> R in
            try body(UnsafeRawBufferPointer(p))
        }
    }

    /// Calls `body` with the array's bytes as a mutable raw buffer, with typed throws.
    package mutating func withMutableRaw<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(SocketError) -> R
    ) throws(SocketError) -> R {
        try withUnsafeMutableBufferPointer { (p: inout UnsafeMutableBufferPointer<UInt8>) throws(SocketError) -> R in
            try body(UnsafeMutableRawBufferPointer(p))
        }
    }
}
