// Running other programs from a test: real peers (python3, socat), iproute2, the test binary
// itself as a child process.

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command (no shell) with extra environment variables; returns its exit status and its
/// standard output, with standard error merged in unless `captureStandardError` is false (then
/// the child's standard error goes to the test's).
@discardableResult
package func runProcess(
    _ argv: [String],
    environment extra: [String: String] = [:],
    captureStandardError: Bool = true
) -> (status: Int32, output: String) {
    var fds: [CInt] = [-1, -1]
    guard pipe(&fds) == 0 else { return (-1, "pipe failed") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    if captureStandardError { posix_spawn_file_actions_adddup2(&actions, fds[1], 2) }
    posix_spawn_file_actions_addclose(&actions, fds[0])
    var pid = pid_t()
    let cargs = argv.map { strdup($0) } + [nil]
    var env: [UnsafeMutablePointer<CChar>?] = []
    var index = 0
    while let entry = environ[index] {
        let text = String(cString: entry)
        if !extra.keys.contains(where: { text.hasPrefix("\($0)=") }) { env.append(strdup(entry)) }
        index += 1
    }
    for (key, value) in extra { env.append(strdup("\(key)=\(value)")) }
    env.append(nil)
    defer {
        cargs.forEach { free($0) }
        env.forEach { free($0) }
    }
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cargs, env)
    posix_spawn_file_actions_destroy(&actions)
    close(fds[1])
    guard rc == 0 else {
        close(fds[0])
        return (-1, "spawn \(argv[0]) failed: \(rc)")
    }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &buf, buf.count)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    close(fds[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return (exit, String(decoding: out, as: UTF8.self))
}

/// Runs a Python 3 snippet as a real peer; returns (exit status, standard output).
package func runPython(_ script: String, timeout: Int = 10) -> (status: Int32, output: String) {
    runProcess(
        ["/usr/bin/env", "timeout", "-s", "KILL", "\(timeout)", "python3", "-c", script],
        captureStandardError: false
    )
}

/// The path of a system tool (`ip`, `sysctl`), looked up in the usual sbin/bin directories.
package func tool(_ name: String) -> String {
    for dir in ["/usr/sbin", "/sbin", "/usr/bin", "/bin"] where access("\(dir)/\(name)", X_OK) == 0 {
        return "\(dir)/\(name)"
    }
    return name
}
