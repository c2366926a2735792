import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Unix socket files: a stale one is explained, `--unlink` removes it (and only a socket), and at
/// exit sockcat removes the socket it created, never a file put in its place, even through a
/// directory swapped for a symlink.
@Suite struct UnixPathTests {
    /// A fresh directory under /tmp, removed with everything in it afterwards.
    static func scratch() -> String {
        let path = "/tmp/sockcat-paths-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(path, 0o700)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func isSocket(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFSOCK
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// Starts `sockcat listen unix PATH` (plus `extra`) and waits until it listens.
    static func listen(_ path: String, _ extra: String...) throws -> Subprocess {
        let listener = try SockcatBinary.start(["listen", "unix", path] + extra)
        try #require(listener.waitForStderrLine(containing: "listening on") != nil, "\(listener.stderrText)")
        return listener
    }

    @Test func staleSocketIsExplainedAndUnlinkRemovesIt() throws {
        let directory = Self.scratch()
        defer { Self.remove(directory) }
        let path = directory + "/s.sock"
        let killed = try Self.listen(path)
        kill(killed.pid, SIGKILL)
        #expect(killed.wait() == 128 + SIGKILL)
        #expect(Self.isSocket(path), "a killed listener leaves its socket file")

        let again = try SockcatBinary.run(["listen", "unix", path, "--timeout", "1"])
        #expect(again.status == 74, "\(again.stderr)")
        #expect(again.stderr.contains("is a stale socket"), "\(again.stderr)")
        #expect(again.stderr.contains("--unlink"), "\(again.stderr)")

        let unlinked = try Self.listen(path, "--unlink")
        #expect(unlinked.stderrText.contains("removed the socket file"), "\(unlinked.stderrText)")
        // A clean end (SIGTERM) removes the socket it created.
        kill(unlinked.pid, SIGTERM)
        #expect(unlinked.wait() == 128 + SIGTERM)
        #expect(access(path, F_OK) != 0, "sockcat left \(path) behind after SIGTERM")
    }

    @Test func socketInUseIsNotCalledStale() throws {
        let directory = Self.scratch()
        defer { Self.remove(directory) }
        let path = directory + "/s.sock"
        let first = try Self.listen(path)
        let second = try SockcatBinary.run(["listen", "unix", path])
        #expect(second.status == 74)
        #expect(second.stderr.contains("another process is listening"), "\(second.stderr)")
        kill(first.pid, SIGTERM)
        first.wait()
    }

    @Test func unlinkLeavesAnythingButASocket() throws {
        let directory = Self.scratch()
        defer { Self.remove(directory) }
        let path = directory + "/s.sock"
        try "precious".write(toFile: path, atomically: false, encoding: .utf8)
        let result = try SockcatBinary.run(["listen", "unix", path, "--unlink"])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("is not a socket"), "\(result.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
        let plain = try SockcatBinary.run(["listen", "unix", path])
        #expect(plain.status == 74)
        #expect(plain.stderr.contains("exists and is not a socket"), "\(plain.stderr)")
    }

    /// The socket file is replaced by a regular file while sockcat runs: it stays.
    @Test func aFileSwappedInIsNotRemoved() throws {
        let directory = Self.scratch()
        defer { Self.remove(directory) }
        let path = directory + "/s.sock"
        let listener = try Self.listen(path)
        unlink(path)
        try "not yours".write(toFile: path, atomically: false, encoding: .utf8)
        kill(listener.pid, SIGTERM)
        #expect(listener.wait() == 128 + SIGTERM, "\(listener.stderrText)")
        #expect(Self.isRegularFile(path), "sockcat deleted the file put in place of its socket")
    }

    /// The directory is moved away and a symlink to another directory, holding a regular file of
    /// the same name, takes its place: sockcat removes its socket in the moved directory (it
    /// resolves the name in the directory it bound in) and leaves the other file alone.
    @Test(arguments: ["SIGTERM", "end of input"])
    func aDirectorySwappedForASymlinkIsNotFollowed(ending: String) throws {
        let root = Self.scratch()
        defer { Self.remove(root) }
        let directory = root + "/d"
        let victim = root + "/victim"
        mkdir(directory, 0o700)
        mkdir(victim, 0o700)
        try "victim's file".write(toFile: victim + "/s.sock", atomically: false, encoding: .utf8)
        let listener = try Self.listen(directory + "/s.sock", "--timeout", "1")
        #expect(rename(directory, root + "/moved") == 0)
        #expect(symlink(victim, directory) == 0)
        if ending == "SIGTERM" {
            kill(listener.pid, SIGTERM)
            #expect(listener.wait() == 128 + SIGTERM, "\(listener.stderrText)")
        } else {
            // stdin closes; the accept times out after 1 s: exit 74, through exit().
            #expect(listener.wait() == 74, "\(listener.stderrText)")
        }
        #expect(Self.isRegularFile(victim + "/s.sock"), "sockcat deleted a file through the swapped symlink")
        #expect(access(root + "/moved/s.sock", F_OK) != 0, "sockcat left its socket in the moved directory")
    }
}
