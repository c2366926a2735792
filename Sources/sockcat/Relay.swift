import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// How a socket's data maps to the byte streams of stdin and stdout.
enum RelayMode {
    /// A connection (tcp, unix, unixpacket, sctp): a read of 0 is the end of the stream; end of
    /// stdin half-closes the socket (`shutdown(SHUT_WR)`).
    case stream
    /// A connected datagram socket: each stdin read is one datagram; a 0-byte datagram is data.
    case connectedDatagram
    /// A bound, unconnected datagram socket (`listen udp`, `listen unixgram`): replies go to the
    /// most recent sender, and stdin is not read before a first datagram names one.
    case unconnectedDatagram
}

/// Options shared by `listen` and `connect`.
struct RelayOptions {
    /// Inactivity limit; also the accept and connect timeout.
    var timeout: Duration?
    /// Print `TCP_INFO` to stderr this often (TCP only).
    var tcpInfoInterval: Duration?
    /// Whether the stream can be half-closed. TCP and Unix streams can (`shutdown(SHUT_WR)` at the
    /// end of stdin, then read until the peer ends). SCTP cannot: its SHUTDOWN ends the whole
    /// association, so at the end of stdin sockcat keeps reading until the peer has been quiet
    /// for ``Relay/linger``, then closes.
    var halfClose = true
    /// `listen udp`/`unixgram`: answer (and print) every sender, not only the first (`--any-peer`).
    var anyPeer = false
}

/// What survives from one relayed connection to the next (`--keep-listening`): stdin's state.
struct StdinState {
    var isOpen = true
}

/// The poll loop: stdin to the socket and the socket to stdout, non-blocking on the socket
/// (Sock's reads and writes throw `.wouldBlock`, and the loop waits with `poll(2)` on the
/// descriptors Sock exposes).
struct Relay {
    /// SCTP has no half-close: after the end of stdin sockcat keeps reading until the peer has
    /// been quiet this long, then closes.
    static let linger: Duration = .milliseconds(500)
    static let bufferSize = 65536

    let socket: NetSocket
    let mode: RelayMode
    let options: RelayOptions

    /// Runs until the exchange is over: the stream ended in both directions (a peer that
    /// half-closes still gets all of stdin, however long it takes; for SCTP, which cannot
    /// half-close, the peer's end is the end, and the end of stdin is followed by ``linger`` of
    /// silence from the peer), stdin ended on a connected datagram socket without `--timeout`, or
    /// `--timeout` passed with no traffic. A listening datagram socket runs until `--timeout`.
    /// - Throws: `Failure` for socket errors other than would-block: a reset or refused
    ///   connection, a broken pipe (exit status 74).
    func run(stdin: inout StdinState) throws(Failure) {
        let fromStdin = UnsafeMutableRawBufferPointer.allocate(byteCount: Relay.bufferSize, alignment: 16)
        let fromSocket = UnsafeMutableRawBufferPointer.allocate(byteCount: Relay.bufferSize, alignment: 16)
        defer {
            fromStdin.deallocate()
            fromSocket.deallocate()
        }
        var pending = 0  // bytes of fromStdin not yet sent
        var sent = 0  // of those, sent so far (stream partial writes)
        var socketOpen = true
        var peer: SocketAddress?
        let clock = ContinuousClock()
        var lastActivity = clock.now
        var ignoredPeers = IgnoredPeers()
        var lastFromPeer = clock.now
        var nextInfo = options.tcpInfoInterval.map { clock.now + $0 }
        // Without half-close, the end of stdin starts a quiet period instead of a shutdown.
        var quietSince: ContinuousClock.Instant? {
            mode == .stream && !options.halfClose && !stdin.isOpen && pending == 0 ? lastFromPeer : nil
        }

        while true {
            if !socketOpen {
                // Both directions have ended; without half-close the peer's end ends both.
                if (!stdin.isOpen && pending == 0) || !options.halfClose { return }
            }
            if let quietSince, clock.now - quietSince >= Relay.linger { return }
            // A connected datagram socket is done with its input; a listening one serves until --timeout.
            if mode == .connectedDatagram && !stdin.isOpen && pending == 0 && options.timeout == nil { return }

            let readStdin = stdin.isOpen && pending == 0 && (mode != .unconnectedDatagram || peer != nil)
            var fds = [
                pollfd(fd: Console.stdinFD, events: readStdin ? Int16(POLLIN) : 0, revents: 0),
                pollfd(
                    fd: socket.fileDescriptor,
                    events: (socketOpen ? Int16(POLLIN) : 0) | (pending > 0 ? Int16(POLLOUT) : 0),
                    revents: 0
                ),
            ]
            if !readStdin { fds[0].fd = -1 }  // poll ignores negative descriptors
            var wakeAt: [ContinuousClock.Instant] = []
            if let timeout = options.timeout { wakeAt.append(lastActivity + timeout) }
            if let nextInfo { wakeAt.append(nextInfo) }
            if let quietSince { wakeAt.append(quietSince + Relay.linger) }
            let r = poll(&fds, 2, Relay.milliseconds(until: wakeAt.min(), clock: clock))
            if r < 0 {
                if errno == EINTR { continue }
                throw Failure("poll failed (errno \(errno))", status: .ioError)
            }
            if let next = nextInfo, clock.now >= next {
                TCPInfoReport.print(socket)
                nextInfo = next + options.tcpInfoInterval!
            }
            if r == 0 {
                if let timeout = options.timeout, clock.now - lastActivity >= timeout {
                    if mode == .stream || stdin.isOpen { Console.error("sockcat: idle for \(timeout), closing") }
                    return
                }
                continue
            }

            if fds[1].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 && socketOpen {
                lastActivity = clock.now
                lastFromPeer = lastActivity
                if try !drainSocket(into: fromSocket, peer: &peer, ignored: &ignoredPeers) {
                    socketOpen = false
                }
            } else if !socketOpen && fds[1].revents & Int16(POLLHUP | POLLERR) != 0 {
                // The peer had ended its stream, and now the connection is gone altogether: a
                // reset (what stdin sent reached a socket the peer had closed) is an error; a Unix
                // peer that closed both directions leaves nobody to send to.
                try Relay.connectionGone(socket)
                return
            }
            if fds[0].revents != 0 {
                lastActivity = clock.now
                let n = read(Console.stdinFD, fromStdin.baseAddress, fromStdin.count)
                if n > 0 {
                    pending = n
                    sent = 0
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    stdin.isOpen = false
                    lastFromPeer = clock.now  // the quiet period (no half-close) starts now
                    if mode == .stream && socketOpen && options.halfClose {
                        do throws(SocketError) {
                            try socket.shutdown(.write)
                        } catch  where error.code == .notConnected {
                            // The peer is already gone; the read side will report it.
                        } catch {
                            throw Failure(error, "shutdown")
                        }
                    }
                }
            }
            if pending > 0 {
                if try send(UnsafeRawBufferPointer(rebasing: fromStdin[sent..<pending]), to: peer, sent: &sent) {
                    pending = 0
                    sent = 0
                }
            }
        }
    }

    /// Reads what the socket has and copies it to stdout. Returns false at the end of a stream.
    private func drainSocket(
        into buffer: UnsafeMutableRawBufferPointer,
        peer: inout SocketAddress?,
        ignored: inout IgnoredPeers
    ) throws(Failure) -> Bool {
        // A bounded number of reads per wake-up, so stdin is never starved.
        for _ in 0..<64 {
            let count: Int
            do throws(SocketError) {
                switch mode {
                case .stream, .connectedDatagram:
                    count = try socket.read(into: buffer)
                    if count == 0 && mode == .stream { return false }
                case .unconnectedDatagram:
                    let r = try socket.receive(into: buffer)
                    let from = r.sender
                    if from != peer {
                        if peer != nil && !options.anyPeer {
                            ignored.note(from, locked: peer!)
                            continue
                        }
                        Console.error("sockcat: datagrams from \(Opening.peerText(from))")
                        peer = from
                    }
                    if r.isTruncated {
                        Console.error("sockcat: a datagram longer than \(buffer.count) bytes was truncated")
                    }
                    count = r.count
                }
            } catch  where error.code == .wouldBlock {
                return true
            } catch {
                throw Failure(error, "receive")
            }
            try Relay.toStdout(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return true
    }

    /// Sends stdin bytes; returns true when all of `bytes` went out, false on would-block.
    private func send(_ bytes: UnsafeRawBufferPointer, to peer: SocketAddress?, sent: inout Int) throws(Failure) -> Bool
    {
        do throws(SocketError) {
            switch mode {
            case .stream:
                var offset = 0
                while offset < bytes.count {
                    let n = try socket.write(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                    offset += n
                    sent += n  // progress survives a would-block on the next write
                }
            case .connectedDatagram:
                _ = try socket.write(bytes)
            case .unconnectedDatagram:
                guard let peer else { return false }
                _ = try socket.send(bytes, to: peer)
            }
            return true
        } catch  where error.code == .wouldBlock {
            return false
        } catch {
            throw Failure(error, "send")
        }
    }

    /// The socket reported a hang-up or an error after the peer's end of stream: throws its
    /// pending error (a reset: exit status 74), or returns when there is none.
    static func connectionGone(_ socket: NetSocket) throws(Failure) {
        let pending: SocketError?
        do throws(SocketError) {
            pending = try socket.pendingError()
        } catch {
            throw Failure(error, "send")
        }
        if let pending {
            throw Failure(
                SocketError(pending.code, errno: pending.errno, operation: .write),
                "the peer closed the connection; what stdin sent after its end was lost"
            )
        }
    }

    static func toStdout(_ bytes: UnsafeRawBufferPointer) throws(Failure) {
        guard Console.writeAll(bytes, to: Console.stdoutFD) else {
            throw Failure("cannot write to stdout (errno \(errno))", status: .ioError)
        }
    }

    /// Milliseconds from now until `instant` for poll(2); -1 (forever) when nil.
    static func milliseconds(until instant: ContinuousClock.Instant?, clock: ContinuousClock) -> CInt {
        guard let instant else { return -1 }
        let left = clock.now.duration(to: instant)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        return CInt(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
    }
}

/// `listen udp`/`unixgram` without `--any-peer` answers only its first sender; datagrams from
/// others are dropped and named on stderr, the first few of them (a spoofed flood must not flood
/// the terminal too).
struct IgnoredPeers {
    static let reportLimit = 8
    private var reported = 0
    private var last: SocketAddress?

    mutating func note(_ sender: SocketAddress, locked peer: SocketAddress) {
        guard sender != last, reported <= IgnoredPeers.reportLimit else { return }
        last = sender
        reported += 1
        if reported > IgnoredPeers.reportLimit {
            Console.error("sockcat: more datagrams from other senders ignored (not reported)")
        } else {
            Console.error(
                "sockcat: ignoring datagrams from \(Opening.peerText(sender)): answering "
                    + "\(Opening.peerText(peer)) only (--any-peer accepts every sender)"
            )
        }
    }
}
