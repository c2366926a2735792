#if os(Linux)
import Sock
import Testing

/// The README's and the DocC landing page's "Synchronous and async, side by side": one request
/// and its echo over a socket pair, first with the synchronous API, then with the async one.
@Suite struct SideBySideExample {
    @Test func synchronous() throws {
        // README: side-by-side-sync
        let (client, server) = try UnixConn.pair()
        try client.writeAll(Array("ping".utf8))

        // The server: a deadline makes read wait for the request (poll), on this thread.
        var request = [UInt8](repeating: 0, count: 64)
        server.setReadDeadline(.after(.seconds(1)))
        let n = try server.read(into: &request)
        try server.writeAll(Array(request[..<n]))

        var answer = [UInt8](repeating: 0, count: 64)
        client.setReadDeadline(.after(.seconds(1)))
        let m = try client.read(into: &answer)
        let reply = String(decoding: answer[..<m], as: UTF8.self)  // "ping"
        // END README
        #expect(reply == "ping")
        client.close()
        server.close()
    }

    @Test func async() throws {
        // README: side-by-side-async
        let loop = try EventLoop()
        let reply = try loop.run {
            let (client, server) = try UnixConn.pair()
            // The server: a task on the same loop, on the same thread.
            let echo = Task(executorPreference: loop) {
                var request = [UInt8](repeating: 0, count: 64)
                let n = try await server.async.read(into: &request)
                try await server.async.writeAll(Array(request[..<n]))
            }
            try await client.async.writeAll(Array("ping".utf8))

            // The client's read suspends until the loop sees the echo arrive (epoll); the
            // thread runs the server's task meanwhile.
            var answer = [UInt8](repeating: 0, count: 64)
            let m = try await client.async.read(into: &answer)
            try await echo.value
            return String(decoding: answer[..<m], as: UTF8.self)  // "ping"
        }
        // END README
        #expect(reply == "ping")
    }
}
#endif
