/// The one error type of Sock's I/O paths, thrown with typed throws (`throws(SocketError)`), so a
/// failure costs no allocation.
///
/// Every error has a semantic ``code`` (the Go seed's categories, refined), the raw ``errno`` the
/// kernel returned (0 when Sock itself rejected the input before any syscall), the ``operation``
/// that failed, and, for input Sock rejected, a ``detail`` saying what was wrong.
///
/// ```swift
/// do {
///     let n = try conn.read(into: buffer)
/// } catch where error.code == .wouldBlock {
///     // poll for readiness, or set a deadline
/// }
/// ```
@frozen
public struct SocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The semantic category.
    public var code: Code
    /// The raw errno value from the kernel, or 0 when no syscall was involved.
    public var errno: CInt
    /// What Sock was doing.
    public var operation: SocketOperation
    /// For errors Sock raised itself (bad input, limits): what exactly was wrong.
    public var detail: Detail?

    @inlinable
    public init(_ code: Code, errno: CInt = 0, operation: SocketOperation, detail: Detail? = nil) {
        self.code = code
        self.errno = errno
        self.operation = operation
        self.detail = detail
    }

    /// Maps a raw errno value to its category; every mapping lives here and nowhere else.
    @inlinable
    public init(errno value: CInt, operation: SocketOperation) {
        self.init(Code(errno: value), errno: value, operation: operation)
    }

    /// A readable one-line description naming the operation, e.g.
    /// `connect: connection refused (errno 111, ECONNREFUSED)`.
    public var description: String {
        var text = "\(operation.rawValue): \(code.summary)"
        if let detail { text += " (\(detail.rawValue))" }
        if errno != 0 { text += " (errno \(errno)\(Errno.name(errno).map { ", \($0)" } ?? ""))" }
        return text
    }
}

extension SocketError {
    /// Semantic error categories.
    @frozen
    public enum Code: UInt8, Sendable, Hashable, CaseIterable {
        /// The operation would block (EAGAIN/EWOULDBLOCK) and no deadline is set.
        case wouldBlock
        /// A non-blocking connect is in progress (EINPROGRESS, EALREADY).
        case inProgress
        /// A deadline or a dialer timeout expired, or the kernel reported ETIMEDOUT.
        case timedOut
        /// The socket was closed by this process (also EBADF).
        case closed
        /// The operation was interrupted by a signal (EINTR) and could not be retried.
        case interrupted
        /// ECONNREFUSED.
        case connectionRefused
        /// ECONNRESET, ECONNABORTED.
        case connectionReset
        /// EPIPE, ESHUTDOWN: writing after the connection (or this side) was shut down.
        case brokenPipe
        /// ENOTCONN, EDESTADDRREQ.
        case notConnected
        /// EISCONN where it is an error (e.g. sendto with an address on a connected socket).
        case alreadyConnected
        /// EADDRINUSE.
        case addressInUse
        /// EADDRNOTAVAIL.
        case addressNotAvailable
        /// ENETUNREACH, ENETDOWN.
        case networkUnreachable
        /// EHOSTUNREACH, EHOSTDOWN.
        case hostUnreachable
        /// EMSGSIZE, or a payload over a protocol limit.
        case messageTooLarge
        /// EPROTONOSUPPORT, ESOCKTNOSUPPORT, EPFNOSUPPORT: the kernel lacks the protocol (e.g. SCTP).
        case protocolNotSupported
        /// EAFNOSUPPORT.
        case addressFamilyNotSupported
        /// EOPNOTSUPP, ENOPROTOOPT, ENOSYS: the operation or option does not exist here; ENOTSOCK:
        /// a socket operation on a descriptor that is not a socket (an adopted pipe or file).
        case notSupported
        /// EACCES, EPERM.
        case permissionDenied
        /// EINVAL, or input Sock rejected (see ``SocketError/detail``).
        case invalidArgument
        /// ENOMEM, ENOBUFS.
        case noMemory
        /// EMFILE, ENFILE: out of file descriptors.
        case tooManyOpenFiles
        /// ENOENT: a name that does not exist, e.g. a Unix socket path nobody bound, or a congestion
        /// control algorithm the kernel does not have.
        case notFound
        /// ENODEV, ENXIO: no such network interface or device, e.g. `bindToDevice` with an unknown
        /// interface name.
        case noSuchDevice
        /// Anything else; the raw errno says what.
        case other
        /// An `async` operation ended without its result: its task was cancelled, or its event loop
        /// stopped while it waited (``SocketError/detail`` says `.loopStopped`). Nothing was
        /// consumed: a cancelled receive took no bytes, a cancelled `writeAll` reports how far it
        /// got. No syscall failed (errno 0).
        case cancelled

        @inlinable
        public init(errno e: CInt) {
            switch e {
            case Errno.EAGAIN, Errno.EWOULDBLOCK: self = .wouldBlock
            case Errno.EINPROGRESS, Errno.EALREADY: self = .inProgress
            case Errno.ETIMEDOUT: self = .timedOut
            case Errno.EBADF: self = .closed
            case Errno.EINTR: self = .interrupted
            case Errno.ECONNREFUSED: self = .connectionRefused
            case Errno.ECONNRESET, Errno.ECONNABORTED: self = .connectionReset
            case Errno.EPIPE, Errno.ESHUTDOWN: self = .brokenPipe
            case Errno.ENOTCONN, Errno.EDESTADDRREQ: self = .notConnected
            case Errno.EISCONN: self = .alreadyConnected
            case Errno.EADDRINUSE: self = .addressInUse
            case Errno.EADDRNOTAVAIL: self = .addressNotAvailable
            case Errno.ENETUNREACH, Errno.ENETDOWN: self = .networkUnreachable
            case Errno.EHOSTUNREACH, Errno.EHOSTDOWN: self = .hostUnreachable
            case Errno.EMSGSIZE: self = .messageTooLarge
            case Errno.EPROTONOSUPPORT, Errno.ESOCKTNOSUPPORT, Errno.EPFNOSUPPORT: self = .protocolNotSupported
            case Errno.EAFNOSUPPORT: self = .addressFamilyNotSupported
            case Errno.EOPNOTSUPP, Errno.ENOPROTOOPT, Errno.ENOSYS, Errno.ENOTSOCK: self = .notSupported
            case Errno.EACCES, Errno.EPERM: self = .permissionDenied
            case Errno.EINVAL: self = .invalidArgument
            case Errno.ENOMEM, Errno.ENOBUFS: self = .noMemory
            case Errno.EMFILE, Errno.ENFILE: self = .tooManyOpenFiles
            case Errno.ENOENT: self = .notFound
            case Errno.ENODEV, Errno.ENXIO: self = .noSuchDevice
            default: self = .other
            }
        }

        /// A short English summary.
        public var summary: String {
            switch self {
            case .wouldBlock: "operation would block"
            case .inProgress: "operation in progress"
            case .timedOut: "timed out"
            case .closed: "socket closed"
            case .interrupted: "interrupted"
            case .connectionRefused: "connection refused"
            case .connectionReset: "connection reset"
            case .brokenPipe: "broken pipe"
            case .notConnected: "not connected"
            case .alreadyConnected: "already connected"
            case .addressInUse: "address in use"
            case .addressNotAvailable: "address not available"
            case .networkUnreachable: "network unreachable"
            case .hostUnreachable: "host unreachable"
            case .messageTooLarge: "message too large"
            case .protocolNotSupported: "protocol not supported"
            case .addressFamilyNotSupported: "address family not supported"
            case .notSupported: "operation not supported"
            case .permissionDenied: "permission denied"
            case .invalidArgument: "invalid argument"
            case .noMemory: "no memory or buffer space"
            case .tooManyOpenFiles: "too many open files"
            case .notFound: "no such file or name"
            case .noSuchDevice: "no such device or interface"
            case .other: "system error"
            case .cancelled: "operation cancelled"
            }
        }
    }

    /// What was wrong with input that Sock rejected before calling the kernel.
    @frozen
    public enum Detail: String, Sendable, Hashable {
        case pathTooLong = "Unix path longer than sun_path"
        case pathContainsNUL = "Unix path contains a NUL byte"
        case emptyPath = "empty Unix path"
        case portOutOfRange = "port outside 0...65535"
        case malformedIPv4 = "malformed IPv4 address"
        case malformedIPv6 = "malformed IPv6 address"
        case malformedZone = "malformed IPv6 zone"
        case malformedInterfaceName = "malformed network interface name"
        case unknownInterface = "no such network interface"
        case malformedHostPort = "malformed host:port"
        case missingPort = "missing port"
        case hostNotLiteral = "host is not an IP literal (Sock does not resolve names)"
        case hostNotFound = "host name not found"
        case resolutionFailed = "host name resolution failed"
        case addressFamilyMismatch = "address family does not match the socket"
        case unknownNetwork = "unknown network name"
        case bufferTooSmall = "buffer too small"
        case controlBufferTooSmall = "control-message buffer too small"
        case emptyBatch = "empty batch"
        case batchTooLarge = "batch larger than the kernel accepts"
        case bufferCountInvalid = "buffer count outside what the batch allows per message"
        case segmentSizeInvalid = "GSO segment size out of range"
        case tooManySegments = "more GSO segments than the kernel accepts"
        case payloadTooLarge = "payload larger than a datagram can carry"
        case valueOutOfRange = "option value out of range"
        case socketKindMismatch = "the socket is not of the kind this type needs"
        case truncatedAddress = "address shorter than its family requires"
        case unsupportedFamily = "unsupported address family"
        case negativeTimeout = "negative timeout"
        case descriptorCountInvalid = "descriptor count out of range"
        case malformedControlMessage = "malformed control message"
        case malformedNotification = "malformed or truncated SCTP notification"
        case modeRequiresPath = "a file mode needs a Unix path (an abstract or unnamed address has no file)"
        case loopStopped = "the event loop stopped"
        case noEventLoop = "no Sock event loop runs on this thread (start one with EventLoop.run)"
        case otherEventLoop = "the socket belongs to another event loop (the first one that awaited on it)"
        case concurrentWait = "another task is already waiting for this readiness of the socket"
        case ringReceive =
            "the socket receives through the event loop's io_uring (async read(into:)); use that, not another receive"
        case unknownBackend = "SOCK_EVENT_LOOP_BACKEND names no event loop backend (epoll or io_uring)"
    }
}

extension SocketError {
    /// Shorthand for an error Sock raises itself, with no errno.
    @inlinable
    public static func invalid(_ detail: Detail, _ operation: SocketOperation) -> SocketError {
        SocketError(.invalidArgument, operation: operation, detail: detail)
    }
}

extension SocketError {
    /// Whether the connection is gone: reset or aborted by the peer (`ECONNRESET`, `ECONNABORTED`:
    /// ``Code/connectionReset``), or written to after it or this side was shut down (`EPIPE`,
    /// `ESHUTDOWN`: ``Code/brokenPipe``). The one test for code ported from the Go seed's
    /// `ErrConnectionReset`, which covered all four.
    @inlinable
    public var isConnectionLost: Bool { code == .connectionReset || code == .brokenPipe }
}
