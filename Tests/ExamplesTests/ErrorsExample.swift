import Sock
import Testing

@Suite struct ErrorsExample {
    @Test func wouldBlockDeadlinesAndLostConnections() throws {
        // README: errors
        let (a, b) = try UnixConn.pair()
        var buffer = [UInt8](repeating: 0, count: 1024)

        // Non-blocking by default: with nothing to read, .wouldBlock comes back at once.
        do throws(SocketError) {
            _ = try b.read(into: &buffer)
        } catch {
            guard error.code == .wouldBlock else { throw error }
            // Wait on b.fileDescriptor with an event loop (poll, epoll, io_uring), or set a deadline.
        }

        // With a deadline the read waits for readiness (poll), then gives up.
        b.setReadDeadline(.after(.milliseconds(50)))
        do throws(SocketError) {
            _ = try b.read(into: &buffer)
        } catch {
            print(error)  // read: timed out
        }

        // The peer is gone: isConnectionLost is the one test (Go's ErrConnectionReset).
        a.close()
        do throws(SocketError) {
            _ = try b.write(Array("anyone?".utf8))
        } catch {
            print(error.isConnectionLost, error)  // true write: broken pipe (errno 32, EPIPE)
        }

        // Kernel errors keep their errno and the operation that failed.
        do throws(SocketError) {
            _ = try TCPDialer(timeout: .seconds(1)).dial("127.0.0.1:1")
        } catch {
            print(error)  // dial: connection refused (errno 111, ECONNREFUSED)
            print(error.code, error.errno, error.operation)  // connectionRefused 111 dial
        }
        // END README

        let (c, d) = try UnixConn.pair()
        let wouldBlock = expectError { () throws(SocketError) in _ = try d.read(into: &buffer) }
        #expect(wouldBlock?.code == .wouldBlock)
        d.setReadDeadline(.after(.milliseconds(50)))
        let timedOut = expectError { () throws(SocketError) in _ = try d.read(into: &buffer) }
        #expect(timedOut?.description == "read: timed out")
        c.close()
        let lost = expectError { () throws(SocketError) in _ = try d.write(Array("anyone?".utf8)) }
        #expect(lost?.isConnectionLost == true)
        #expect(lost?.code == .brokenPipe)
        #expect(lost?.description.hasPrefix("write: broken pipe (errno ") == true)
        let refused = expectError { () throws(SocketError) in
            _ = try TCPDialer(timeout: .seconds(1)).dial("127.0.0.1:1")
        }
        #expect(refused?.code == .connectionRefused)
        #expect(refused?.operation == .dial)
        #expect(refused?.isConnectionLost == false)
        #expect(refused?.description.hasPrefix("dial: connection refused (errno ") == true)
        for socket in [a, b, c, d] { socket.close() }
    }

    @Test func closedSocketsSayEBADF() throws {
        // README: closed
        let (a, b) = try UnixConn.pair()
        a.close()  // idempotent; the number stays reserved (parked) until `a` goes away
        var buffer = [UInt8](repeating: 0, count: 16)
        do throws(SocketError) {
            _ = try a.read(into: &buffer)
        } catch {
            print(error)  // read: socket closed (errno 9, EBADF)
        }
        // END README

        let closed = expectError { () throws(SocketError) in _ = try a.read(into: &buffer) }
        #expect(closed?.code == .closed)
        #expect(closed?.errno == 9)
        #expect(closed?.description == "read: socket closed (errno 9, EBADF)")
        let option = expectError { () throws(SocketError) in _ = try a.sendBufferSize() }
        #expect(option?.code == .closed)
        #expect(option?.errno == 9)
        b.close()
    }

    @Test func badInputIsAClearError() throws {
        // README: bad-input
        do throws(SocketError) {
            _ = try UnixAddr(name: "/tmp/" + String(repeating: "x", count: 200))
        } catch {
            print(error)  // encode address: invalid argument (Unix path longer than sun_path)
            print(error.detail == .pathTooLong)  // true: Sock checked before any syscall (errno 0)
        }
        // END README

        let error = expectError { () throws(SocketError) in
            _ = try UnixAddr(name: "/tmp/" + String(repeating: "x", count: 200))
        }
        #expect(error?.detail == .pathTooLong)
        #expect(error?.errno == 0)
        // What the README's comment says it prints.
        #expect(error.map { "\($0)" } == "encode address: invalid argument (Unix path longer than sun_path)")
    }

    func expectError(_ body: () throws(SocketError) -> Void) -> SocketError? {
        do throws(SocketError) {
            try body()
            Issue.record("expected an error")
            return nil
        } catch {
            return error
        }
    }
}
