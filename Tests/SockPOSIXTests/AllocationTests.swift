import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Zero allocations on the I/O hot paths")
struct AllocationTests {
    /// Runs `body` once to warm up, then counts mallocs over 100 more runs.
    func mallocsPerCall(_ body: () throws -> Void) throws -> Double? {
        try body()
        guard let n = try countMallocs({ for _ in 0..<100 { try body() } }) else { return nil }
        return Double(n) / 100
    }

    @Test("read, write and the would-block path allocate nothing")
    func streamIO() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        let inp = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 8)
        defer {
            out.deallocate()
            inp.deallocate()
        }
        out.initializeMemory(as: UInt8.self, repeating: 0x5A)
        guard
            let rw = try mallocsPerCall({
                _ = try a.write(UnsafeRawBufferPointer(out))
                _ = try b.read(into: inp)
            })
        else {
            print("SKIP streamIO: the malloc interposer is not active (sanitizer build)")
            return
        }
        #expect(rw == 0, "write+read: \(rw) mallocs per call")
        // Caught as the typed error: converting it to `any Error` would box it (1 malloc).
        let wouldBlock = try mallocsPerCall({
            do throws(SocketError) {
                _ = try b.read(into: inp)
                Issue.record("expected .wouldBlock")
            } catch {
                precondition(error.code == .wouldBlock)
            }
        })
        #expect(wouldBlock == 0, "would-block: \(wouldBlock ?? -1) mallocs per call")
        let (c, d) = try UnixConn.pair()
        d.close()
        c.close()
        let closedPath = try mallocsPerCall({
            do throws(SocketError) {
                _ = try c.read(into: inp)
            } catch {
                precondition(error.code == .closed)
            }
        })
        #expect(closedPath == 0, "closed: \(closedPath ?? -1) mallocs per call")
    }

    @Test("UDP receive/send allocate nothing")
    func datagramIO() throws {
        let a = try UDPConn.listen("127.0.0.1:0")
        let b = try UDPConn.listen("127.0.0.1:0")
        defer {
            a.close()
            b.close()
        }
        let to = try b.endpoint().sockaddr()
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: 256, alignment: 8)
        defer { buf.deallocate() }
        buf.initializeMemory(as: UInt8.self, repeating: 1)
        b.setReadDeadline(.after(.seconds(5)))
        guard
            let n = try mallocsPerCall({
                _ = try a.send(UnsafeRawBufferPointer(rebasing: buf[0..<64]), to: to)
                let r = try b.receive(into: buf)
                precondition(r.count == 64)
            })
        else {
            print("SKIP datagramIO: the malloc interposer is not active (sanitizer build)")
            return
        }
        #expect(n == 0, "send+receive: \(n) mallocs per call")
    }

    @Test("options and deadlines allocate nothing")
    func optionsAndDeadlines() throws {
        let listener = try TCPListener("127.0.0.1:0")
        defer { listener.close() }
        guard
            let n = try mallocsPerCall({
                try listener.setReuseAddress(true)
                _ = try listener.reuseAddress()
                listener.setReadDeadline(.after(.milliseconds(1)))
                _ = try listener.localAddress()
            })
        else {
            print("SKIP optionsAndDeadlines: the malloc interposer is not active (sanitizer build)")
            return
        }
        #expect(n == 0, "\(n) mallocs per call")
    }
}
