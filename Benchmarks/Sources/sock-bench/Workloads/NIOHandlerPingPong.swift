// nio-handler-pingpong: Sock's `pingpong` done with SwiftNIO ChannelHandlers. No C baseline; compare
// reports it against Sock's `pingpong` (see Benchmarks/README.md).

import CBenchSupport
import CMallocCount
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The same op as `pingpong` (one round trip of 64 bytes over an AF_UNIX SOCK_STREAM socketpair:
/// A writes 64 B, B reads them and writes them back, A reads 64 B), with SwiftNIO 2.101.3
/// ChannelHandlers on ONE event loop, `MultiThreadedEventLoopGroup(numberOfThreads: 1)`. Both
/// socketpair ends become `SocketChannel`s on that loop through `ClientBootstrap.withConnectedSocket`
/// (the bootstrap NIO's documentation names for an already connected socket; `NIOPipeBootstrap` is
/// for descriptors that are not sockets). B's handler echoes each read with `writeAndFlush`; A's
/// handler counts 64 received bytes as one round trip and writes the next ping (one `ByteBuffer`,
/// made before measuring and written again each time: a retain, no copy).
///
/// The warm-up, the clock and the malloc counter run on the event loop itself, in A's handler:
/// after `warmup` round trips it calls `mc_begin()` and reads the clock, after `iterations` more it
/// reads the clock and calls `mc_end()`, then succeeds the promise the main thread waits on. The
/// count is process-wide (the main thread is blocked in `wait()` meanwhile).
func nioHandlerPingPong(_ parameters: RunParameters) -> Measurement {
    let size = 64
    var fds: [Int32] = [-1, -1]
    guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
        fail("nio-handler-pingpong: socketpair: errno \(errno)")
    }
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let loop = group.next()
    let done = loop.makePromise(of: Measurement.self)
    let ping = ByteBuffer(repeating: UInt8(ascii: "x"), count: size)
    do {
        // NIO owns the descriptors from here and closes them with the channels.
        let b = try ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOEchoHandler())
                }
            }
            .withConnectedSocket(fds[1]).wait()
        let a = try ClientBootstrap(group: loop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOPingHandler(ping: ping, parameters: parameters, done: done)
                    )
                }
            }
            .withConnectedSocket(fds[0]).wait()
        a.pipeline.fireUserInboundEventTriggered(NIOPingHandler.Start())
        let result = try done.futureResult.wait()
        try a.close().wait()
        b.close(promise: nil)  // B may have closed itself already, on reading A's end of stream
        try b.closeFuture.wait()
        try group.syncShutdownGracefully()
        return result
    } catch {
        fail("nio-handler-pingpong: \(error)")
    }
}

/// B: writes back whatever it reads.
final class NIOEchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail("nio pingpong: echo side: \(error)")
    }
}

/// A: sends a ping, counts 64 received bytes as a round trip, sends the next; measures.
final class NIOPingHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The user event that sends the first ping.
    struct Start: Sendable {}

    private let ping: ByteBuffer
    private let parameters: RunParameters
    private let done: EventLoopPromise<Measurement>
    private var received = 0
    private var completed = 0
    private var t0: UInt64 = 0

    init(ping: ByteBuffer, parameters: RunParameters, done: EventLoopPromise<Measurement>) {
        self.ping = ping
        self.parameters = parameters
        self.done = done
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is Start else { return context.fireUserInboundEventTriggered(event) }
        if parameters.warmup == 0 { begin() }
        context.writeAndFlush(wrapOutboundOut(ping), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += unwrapInboundIn(data).readableBytes
        guard received >= ping.readableBytes else { return }  // a short read: the rest follows
        guard received == ping.readableBytes else { fail("nio pingpong: \(received) bytes for one ping") }
        received = 0
        completed += 1
        if completed == parameters.warmup {
            begin()
        } else if completed == parameters.warmup + parameters.iterations {
            let t1 = bench_now_ns()
            let mallocs = mc_end()
            let n = Double(parameters.iterations)
            done.succeed(Measurement(nsPerOp: Double(t1 - t0) / n, mallocs: mallocs))
            return
        }
        context.writeAndFlush(wrapOutboundOut(ping), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        done.fail(error)
    }

    private func begin() {
        mc_begin()
        t0 = bench_now_ns()
    }
}
