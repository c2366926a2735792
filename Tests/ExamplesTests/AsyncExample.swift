#if os(Linux)
import Sock
import Testing

/// The DocC article "Async I/O on Sock's event loop" and the README's async example: an echo
/// server and its client as tasks on one loop.
@Suite struct AsyncExample {
    @Test func echoServerOnTheLoop() throws {
        // README: async-echo
        let loop = try EventLoop()
        let reply = try loop.run {
            let listener = try TCPListener("127.0.0.1:0")
            // The server: one task per connection, all on this loop's thread.
            let server = Task(executorPreference: loop) {
                try await withThrowingDiscardingTaskGroup { group in
                    while let conn = try? await listener.async.accept() {  // until the listener closes
                        group.addTask {
                            defer { conn.close() }
                            var buffer = [UInt8](repeating: 0, count: 1024)
                            while true {
                                let n = try await conn.async.read(into: &buffer)
                                if n == 0 { return }  // the client is done
                                try await conn.async.writeAll(Array(buffer[..<n]))
                            }
                        }
                    }
                }
            }
            // The client.
            let conn = try TCPConn.dial(try listener.endpoint())
            try await conn.async.finishConnect(timeout: .seconds(5))
            try await conn.async.writeAll(Array("hello, loop".utf8))
            var answer = [UInt8](repeating: 0, count: 64)
            let n = try await conn.async.read(into: &answer)
            conn.close()
            listener.close()
            try await server.value
            return String(decoding: answer[..<n], as: UTF8.self)  // "hello, loop"
        }
        // END README
        #expect(reply == "hello, loop")
    }
}
#endif
