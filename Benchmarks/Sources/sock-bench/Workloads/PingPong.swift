// pingpong: AF_UNIX stream socketpair ping-pong on one thread. C baseline: baseline/w_pingpong.c.

import Sock

/// One op = one round trip over a non-blocking AF_UNIX SOCK_STREAM socketpair (A, B), one thread:
/// write 64 bytes on A, read them on B, write them back on B, read them on A, with `UnixConn.pair()`
/// and `write(_:)` / `read(into:)` on raw buffer pointers. Every read finds its data queued, so a
/// short count or `.wouldBlock` fails the run. Buffers are allocated before `measure` and reused.
func pingPong(_ parameters: RunParameters) -> Measurement {
    let size = 64
    let (a, b): (UnixConn, UnixConn)
    do throws(SocketError) {
        (a, b) = try UnixConn.pair()
    } catch {
        fail("pingpong: socketpair: \(error)")
    }
    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
    let into = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
    defer {
        out.deallocate()
        into.deallocate()
    }
    out.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "x"))
    into.initializeMemory(as: UInt8.self, repeating: 0)
    let outView = UnsafeRawBufferPointer(out)
    let inView = UnsafeRawBufferPointer(into)
    let result = measure(parameters) { _ in
        do throws(SocketError) {
            guard try a.write(outView) == size, try b.read(into: into) == size,
                try b.write(inView) == size, try a.read(into: out) == size
            else { fail("pingpong: short read or write") }
        } catch {
            fail("pingpong: \(error)")
        }
    }
    a.close()
    b.close()
    return result
}
