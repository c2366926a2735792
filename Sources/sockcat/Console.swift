#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Unbuffered output to the standard descriptors: relayed bytes go straight to fd 1, so text
/// must not sit in a stdio buffer beside them.
enum Console {
    static let stdinFD: CInt = 0
    static let stdoutFD: CInt = 1
    static let stderrFD: CInt = 2

    /// Writes a line to standard output.
    static func out(_ text: String) { writeLine(text, to: stdoutFD) }

    /// Writes a line to standard error.
    static func error(_ text: String) { writeLine(text, to: stderrFD) }

    /// Writes `text` to standard error without a newline (progress lines).
    static func status(_ text: String) {
        var copy = text
        copy.withUTF8 { _ = writeAll(UnsafeRawBufferPointer($0), to: stderrFD) }
    }

    /// Whether standard error is a terminal (live progress lines only make sense there).
    static var stderrIsTerminal: Bool { isatty(stderrFD) == 1 }

    /// `text` safe to print on a terminal or in a log: control characters (C0, DEL, C1), which
    /// could move the cursor, retitle the terminal or fake a line, become `\xNN` (`\u{NNNN}` for
    /// the C1 and line-separator scalars), and a backslash becomes `\\`, so the escaping is
    /// unambiguous. Peer names and other text from outside go through this before printing.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x5C: out += "\\\\"
            case 0x00..<0x20, 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                out += "\\x" + (hex.count == 1 ? "0" : "") + hex
            case 0x80..<0xA0, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func writeLine(_ text: String, to fd: CInt) {
        var line = text
        line.append("\n")
        line.withUTF8 { _ = writeAll(UnsafeRawBufferPointer($0), to: fd) }
    }

    /// Writes every byte, retrying short writes and EINTR; false when the descriptor is gone
    /// (e.g. EPIPE on a closed pipe).
    @discardableResult
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: CInt) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n > 0 {
                offset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && errno == EAGAIN {
                var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pfd, 1, -1)
            } else {
                return false
            }
        }
        return true
    }
}
