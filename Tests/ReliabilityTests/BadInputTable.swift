// The bad-input table: every public entry point that takes outside data, with the input that
// must be refused and the exact SocketError it must be refused with. The tests in
// BadInput*Tests.swift run each row; BadInputDocTests checks that the DocC article
// (Sources/Sock/Sock.docc/BadInput.md) lists every row, so the documentation cannot drift.

import Sock
import Testing

/// One row: calling `entry` with `input` throws `code` (with `detail`, for input Sock rejects
/// itself before any syscall, in which case `errno` is 0; `.closed` always carries `EBADF`).
struct BadInput: Sendable, CustomTestStringConvertible {
    let area: String
    let entry: String
    let input: String
    let code: SocketError.Code
    let detail: SocketError.Detail?
    /// The kernel's errno, for rows whose code is a broad category.
    let errno: CInt?
    /// Absurd values (near Int.max, terabyte sizes) run in a child process, so that an overflow
    /// trap or a failed allocation fails the row instead of killing the test run.
    let isolated: Bool
    let run: @Sendable () throws(SocketError) -> Void

    init(
        _ area: String,
        _ entry: String,
        _ input: String,
        _ code: SocketError.Code,
        _ detail: SocketError.Detail?,
        errno: CInt? = nil,
        isolated: Bool = false,
        _ run: @escaping @Sendable () throws(SocketError) -> Void
    ) {
        self.area = area
        self.entry = entry
        self.input = input
        self.code = code
        self.detail = detail
        self.errno = errno
        self.isolated = isolated
        self.run = run
    }

    var testDescription: String { "\(entry) with \(input)" }

    /// The row as a line of the DocC article's table.
    var markdown: String {
        let escapedInput = input.replacingOccurrences(of: "|", with: "\\|")
        let reason = detail.map { "`.\($0)`" } ?? errno.map { "errno \(Errno.name($0) ?? "\($0)")" } ?? "—"
        return "| \(area) | `\(entry)` | \(escapedInput) | `.\(code)` | \(reason) |"
    }

    /// Runs the row (in a child process when ``isolated``).
    func check(sourceLocation: SourceLocation = #_sourceLocation) {
        guard isolated, childMode == nil else { return checkHere(sourceLocation: sourceLocation) }
        let r = runChild(
            "badInputRow",
            function: "badInputRowChild",
            environment: ["SOCK_BADINPUT_ROW": testDescription]
        )
        #expect(
            r.status == 0,
            "\(testDescription): the child \(r.status >= 128 ? "crashed (signal \(r.status - 128))" : "failed (status \(r.status))"):\n\(childFailureSummary(r.output))",
            sourceLocation: sourceLocation
        )
        #expect(
            r.report == ["CHILD: ran \(testDescription)"],
            "the child did not run the row:\n\(childFailureSummary(r.output))"
        )
    }

    /// Runs the row here: exactly the expected code and detail; errno 0 when Sock rejected the
    /// input itself.
    func checkHere(sourceLocation: SourceLocation = #_sourceLocation) {
        let error = expectSocketError(code, detail: detail, sourceLocation: sourceLocation) { () throws(SocketError) in
            try run()
        }
        if let error, detail != nil, error.code == .invalidArgument || error.code == .messageTooLarge {
            #expect(
                error.errno == 0,
                "\(entry): a rejected input reached the kernel: \(error)",
                sourceLocation: sourceLocation
            )
        }
        if let error, error.code == .closed {
            // Whether Sock saw the close first or the kernel did (on the parked number), the
            // error carries EBADF.
            #expect(
                error.errno == Errno.EBADF,
                "\(entry): .closed with errno \(error.errno), expected EBADF",
                sourceLocation: sourceLocation
            )
        }
        if let error, let errno {
            #expect(
                error.errno == errno,
                "\(entry): errno \(error.errno), expected \(errno)",
                sourceLocation: sourceLocation
            )
        }
        if let error {
            // The description names the operation and never crashes.
            #expect(error.description.hasPrefix(error.operation.rawValue), sourceLocation: sourceLocation)
        }
    }

    /// Every row of every area, in the article's order.
    static var all: [BadInput] {
        addresses + endpoints + unix + sockets + options + linux + closed
    }
}

extension String {
    /// The string with every `target` replaced (no Foundation in this target).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

/// `String(repeating:count:)` for a one-character string.
func repeated(_ c: Character, _ n: Int) -> String { String(repeating: String(c), count: n) }
