// Foundation-free process and file-system helpers for `gen-consts extract`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The outcome of one child process; stdout and stderr are captured in full.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `arguments[0]` (looked up in PATH) with the rest as its arguments and waits for it.
/// Output goes to files in `scratch` (no pipes, so no deadlock on large outputs).
func run(_ arguments: [String], scratch: String) throws(TableError) -> ProcessResult {
    precondition(!arguments.isEmpty)
    let outPath = scratch + "/.proc.stdout"
    let errPath = scratch + "/.proc.stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
    argv.append(nil)
    defer { for p in argv { free(p) } }
    var pid = pid_t()
    let rc = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
    guard rc == 0 else {
        throw TableError(description: "cannot run \(arguments[0]): \(String(cString: strerror(rc)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw TableError(description: "waitpid failed for \(arguments[0])") }
    }
    // WIFEXITED / WEXITSTATUS by hand (they are macros).
    let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessResult(status: exitCode, stdout: try readFile(outPath), stderr: try readFile(errPath))
}

/// Runs a command and fails with its stderr unless it exits 0; returns stdout.
@discardableResult
func runChecked(_ arguments: [String], scratch: String) throws(TableError) -> String {
    let result = try run(arguments, scratch: scratch)
    guard result.status == 0 else {
        throw TableError(
            description: "command failed (\(result.status)): \(arguments.joined(separator: " "))\n\(result.stderr)"
        )
    }
    return result.stdout
}

/// Runs a command in `directory` (through `sh`, since posix_spawn has no portable chdir action).
@discardableResult
func runChecked(in directory: String, _ arguments: [String], scratch: String) throws(TableError) -> String {
    try runChecked(["sh", "-c", "cd \"$0\" && exec \"$@\"", directory] + arguments, scratch: scratch)
}

func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}

func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
}

/// `mkdir -p`.
func makeDirectories(_ path: String) throws(TableError) {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
        prefix += component + "/"
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
            throw TableError(description: "cannot create directory \(prefix): \(String(cString: strerror(errno)))")
        }
    }
}

/// `rm -rf` (refuses obviously dangerous paths).
func removeTree(_ path: String, scratch: String) throws(TableError) {
    guard path.count > 4, path != "/", !path.hasSuffix("/..") else {
        throw TableError(description: "refusing to remove \(path)")
    }
    try runChecked(["rm", "-rf", "--", path], scratch: scratch)
}

func makeSymlink(target: String, at path: String) throws(TableError) {
    if symlink(target, path) != 0 {
        throw TableError(description: "cannot symlink \(path): \(String(cString: strerror(errno)))")
    }
}

/// Makes `path` absolute against the current directory.
func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let cwd = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return cwd + "/" + path
}

/// The directory part of a path ("." for a bare name).
func directoryName(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// Lines of a text, without the trailing empty line.
func lines(_ text: String) -> [Substring] {
    var result = text.split(separator: "\n", omittingEmptySubsequences: false)
    if result.last == "" { result.removeLast() }
    return result
}
