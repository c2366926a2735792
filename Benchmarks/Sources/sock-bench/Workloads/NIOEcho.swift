// nio-echo-1000: a SwiftNIO TCP echo server under 1,000 connections of baseline/loadgen. No C
// baseline; the harness (runEchoLoad, EchoLoad.swift) is the one Sock's echo-1000 will use.

import NIOCore
import NIOPosix

/// One op = one 64-byte request echoed back, with 1,000 loopback connections each keeping one request
/// in flight (see `runEchoLoad` for the load generator, the warm-up and what is counted).
///
/// The server: SwiftNIO 2.101.3, `MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)`
/// (one event loop per core), `ServerBootstrap` bound to 127.0.0.1 port 0 (backlog 4096,
/// TCP_NODELAY on accepted connections), every channel wrapped as `NIOAsyncChannel`; one task
/// iterates the accepted connections and adds a child task per connection to a discarding task
/// group, which echoes with `for try await buffer in inbound { try await outbound.write(buffer) }`.
/// The tasks run where an application's would: on the default global executor (Dispatch's
/// cooperative pool on Linux), no enqueue hook.
func nioEcho1000(_ parameters: RunParameters) -> Measurement {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
    let result = runEchoLoad("nio-echo-1000", parameters, connections: 1000, size: 64) {
        let listening = group.any().makePromise(of: Channel.self)
        let served = group.any().makeFutureWithTask {
            try await nioEchoServe(group: group, listening: listening)
        }
        let channel: Channel
        do {
            channel = try listening.futureResult.wait()
        } catch {
            fail("nio-echo-1000: bind: \(error)")
        }
        guard let port = channel.localAddress?.port else { fail("nio-echo-1000: no local port") }
        return EchoServer(port: port) {
            do {
                try channel.close().wait()
                try served.wait()
            } catch {
                fail("nio-echo-1000: stopping the server: \(error)")
            }
        }
    }
    do {
        try group.syncShutdownGracefully()
    } catch {
        fail("nio-echo-1000: shutting the event loops down: \(error)")
    }
    return result
}

/// Binds, reports the listening channel through `listening`, and serves until it is closed.
private func nioEchoServe(group: MultiThreadedEventLoopGroup, listening: EventLoopPromise<Channel>) async throws {
    let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never>
    do {
        server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(inboundType: ByteBuffer.self, outboundType: ByteBuffer.self)
                    )
                }
            }
    } catch {
        listening.fail(error)
        throw error
    }
    listening.succeed(server.channel)
    try await server.executeThenClose { connections in
        try await withThrowingDiscardingTaskGroup { tasks in
            for try await connection in connections {
                tasks.addTask {
                    // A connection's error (a reset at the end of a run) ends only that connection.
                    try? await connection.executeThenClose { inbound, outbound in
                        for try await buffer in inbound {
                            try await outbound.write(buffer)
                        }
                    }
                }
            }
        }
    }
}
