// Embedded Swift check of the generated ABI files (`gen-consts emit [--rows] --access public`), run
// on the target arch (qemu-user or native). It proves that `LinuxABI`, selected by `#if arch`, is the
// running arch's table: `tableName` below resolves at compile time to the selected enum (arm64 and
// riscv64 have equal values, so values alone cannot tell them apart), every accessor and the
// tableText equal the table file (Expected.swift, baked in by the script), and real syscalls made
// with the table's numbers work, through CPlatform's inline and out-of-line raw entry points.

import CPlatformSyscall

func tableName(_: LinuxABI_x86_64.Type) -> StaticString { "x86_64" }
func tableName(_: LinuxABI_arm64.Type) -> StaticString { "arm64" }
func tableName(_: LinuxABI_riscv64.Type) -> StaticString { "riscv64" }
func tableName(_: LinuxABI_loongarch64.Type) -> StaticString { "loongarch64" }

func bytes(_ s: StaticString) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)
}

struct Checker {
    var checks = 0
    var fails = 0
    var verbose = false

    mutating func check(_ what: StaticString, _ got: Int, _ want: Int) {
        checks += 1
        if got == want {
            if verbose { print("  ok   \(String(decoding: bytes(what), as: UTF8.self)) = \(got)") }
            return
        }
        fails += 1
        print("  FAIL \(String(decoding: bytes(what), as: UTF8.self)) = \(got) (want \(want))")
    }
}

@inline(never)
func sys(_ outOfLine: Bool, _ n: Int, _ a: Int = 0, _ b: Int = 0, _ c: Int = 0, _ d: Int = 0, _ e: Int = 0) -> Int {
    outOfLine
        ? cplatform_syscall6_outofline(n, a, b, c, d, e, 0) : cplatform_syscall6(n, a, b, c, d, e, 0)
}

/// Compares generated accessors with the table's values (Expected.swift calls it once per row).
struct RowChecker {
    var rows = 0
    var bad = 0

    mutating func rowCInt(_ fact: StaticString, _ got: CInt, _ want: Int64) { row(fact, Int64(got), want) }
    mutating func rowInt64(_ fact: StaticString, _ got: Int64, _ want: Int64) { row(fact, got, want) }
    mutating func rowInt(_ fact: StaticString, _ got: Int, _ want: Int64) { row(fact, Int64(got), want) }

    mutating func row(_ fact: StaticString, _ got: Int64, _ want: Int64) {
        rows += 1
        if got != want {
            bad += 1
            let name = String(decoding: bytes(fact), as: UTF8.self)
            print("  FAIL LinuxABI accessor for '\(name)' = \(got), table: \(want)")
        }
    }
}

func checkSelection(_ c: inout Checker, _ summary: inout Summary) {
    _ = selectedTable
    let name = tableName(LinuxABI.self)
    summary.selected = name
    c.check("LinuxABI is the running arch's table", bytes(name).elementsEqual(bytes(expectedArch)) ? 1 : 0, 1)
}

/// Non-empty lines of a text.
func lines(_ text: UnsafeBufferPointer<UInt8>) -> [Slice<UnsafeBufferPointer<UInt8>>] {
    text.split(separator: UInt8(ascii: "\n"))
}

struct Summary {
    var selected: StaticString = "?"
    var accessorsOK = 0
    var linesOK = 0
}

func checkRows(_ c: inout Checker, _ summary: inout Summary) {
    // 1. every accessor, through the `#if arch` selection, equals the table file's value
    var r = RowChecker()
    checkAccessors(&r)
    c.check("accessors checked", r.rows, expectedRowCount)
    c.check("accessors different from the table file", r.bad, 0)
    // 2. the generated tableText is the table file's rows, line for line
    let generated = lines(bytes(LinuxABI.tableText))
    let expected = lines(bytes(expectedText))
    var badLines = 0
    for i in 0..<max(generated.count, expected.count) {
        if i >= generated.count || i >= expected.count || !generated[i].elementsEqual(expected[i]) {
            badLines += 1
            if badLines <= 5 { print("  FAIL tableText line \(i + 1) differs from the table file") }
        }
    }
    c.check("tableText lines", generated.count, expectedRowCount)
    c.check("tableText lines different from the table file", badLines, 0)
    summary.accessorsOK = r.rows - r.bad
    summary.linesOK = generated.count - badLines
}

func checkSyscalls(_ c: inout Checker, outOfLine ool: Bool) {
    let abi = LinuxABI.self
    c.check("close(-1) == -EBADF", sys(ool, abi.SYS_close, -1), -Int(abi.EBADF))
    c.check("getpid() > 0", sys(ool, abi.SYS_getpid) > 0 ? 1 : 0, 1)
    var sv: (Int32, Int32) = (-1, -1)
    let r = withUnsafeMutablePointer(to: &sv) { p in
        sys(ool, abi.SYS_socketpair, Int(abi.AF_UNIX), Int(abi.SOCK_DGRAM | abi.SOCK_CLOEXEC), 0, Int(bitPattern: p))
    }
    c.check("socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC)", r, 0)
    let msg: StaticString = "ping from embedded swift"
    let sent = sys(ool, abi.SYS_sendto, Int(sv.0), Int(bitPattern: msg.utf8Start), msg.utf8CodeUnitCount)
    c.check("sendto", sent, msg.utf8CodeUnitCount)
    var buf: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    let got = withUnsafeMutableBytes(of: &buf) { b in
        sys(ool, abi.SYS_recvfrom, Int(sv.1), Int(bitPattern: b.baseAddress), b.count, Int(abi.MSG_DONTWAIT))
    }
    c.check("recvfrom", got, msg.utf8CodeUnitCount)
    let same = withUnsafeBytes(of: &buf) { b in
        got == msg.utf8CodeUnitCount && b.prefix(got).elementsEqual(bytes(msg))
    }
    c.check("  payload equal", same ? 1 : 0, 1)
    let again = withUnsafeMutableBytes(of: &buf) { b in
        sys(ool, abi.SYS_recvfrom, Int(sv.1), Int(bitPattern: b.baseAddress), b.count, Int(abi.MSG_DONTWAIT))
    }
    c.check("recvfrom empty, MSG_DONTWAIT == -EAGAIN", again, -Int(abi.EAGAIN))
    c.check("close", sys(ool, abi.SYS_close, Int(sv.0)), 0)
    c.check("close", sys(ool, abi.SYS_close, Int(sv.1)), 0)
}

@_cdecl("xt_main")
public func xtMain(_ argc: Int, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = Checker()
    var s = Summary()
    c.verbose = argc > 1
    checkSelection(&c, &s)
    checkRows(&c, &s)
    checkSyscalls(&c, outOfLine: false)
    checkSyscalls(&c, outOfLine: true)
    let arch = String(decoding: bytes(expectedArch), as: UTF8.self)
    let selected = String(decoding: bytes(s.selected), as: UTF8.self)
    print(
        "\(c.fails == 0 ? "PASS" : "FAIL") embedded-swift \(arch): LinuxABI is LinuxABI_\(selected);"
            + " table file = accessors \(s.accessorsOK)/\(expectedRowCount), tableText \(s.linesOK)/\(expectedRowCount);"
            + " checks \(c.checks - c.fails)/\(c.checks) (syscalls inline + out-of-line)"
    )
    return c.fails == 0 ? 0 : 1
}
