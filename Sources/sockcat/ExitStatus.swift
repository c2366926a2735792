import Sock

/// sockcat's exit statuses (the sysexits.h values).
enum ExitStatus: Int32 {
    case success = 0
    /// EX_USAGE: bad command line.
    case usage = 64
    /// EX_UNAVAILABLE: the kernel or this process lacks the feature.
    case unavailable = 69
    /// EX_IOERR: a socket operation failed.
    case ioError = 74
}

/// A command-line mistake; printed with the command's help.
struct UsageError: Error {
    var message: String
    var help: String?

    init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}

/// A failure with its exit status and a readable message.
struct Failure: Error {
    var message: String
    var status: ExitStatus

    /// Wraps a `SocketError`: a missing protocol, option or permission is "unavailable" (69),
    /// input Sock rejected is a usage error (64), everything else is an I/O error (74).
    init(_ error: SocketError, _ context: String) {
        self.message = "\(context): \(error)"
        self.status = Failure.status(for: error)
    }

    init(_ message: String, status: ExitStatus) {
        self.message = message
        self.status = status
    }

    static func status(for error: SocketError) -> ExitStatus {
        switch error.code {
        case .protocolNotSupported, .addressFamilyNotSupported, .notSupported, .permissionDenied:
            return .unavailable
        case .invalidArgument where error.errno == 0:
            return .usage
        default:
            return .ioError
        }
    }
}
