// The mode of a Unix socket file is set without following a symbolic link (issue 14, item 8): an
// attacker who can write the directory and swaps the fresh socket file for a link between bind
// and the mode change must not get the mode applied to the link's target.

import SockPOSIX
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Unix socket file modes: no symbolic link is followed")
struct UnixSocketFileChmodTests {
    func withDirectory(_ body: (String) throws -> Void) throws {
        var template = Array("/tmp/sock-chmod-XXXXXX".utf8CString)
        guard let dir = mkdtemp(&template) else {
            Issue.record("mkdtemp failed")
            return
        }
        let path = String(cString: dir)
        defer { _ = runRemove(path) }
        try body(path)
    }

    func runRemove(_ path: String) -> Int32 {
        for name in ["link", "target", "sock", "file"] { unlink("\(path)/\(name)") }
        return rmdir(path)
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    @Test("a symbolic link in place of the socket file is refused (ELOOP); its target keeps its mode")
    func symlinkRefused() throws {
        try withDirectory { dir in
            let target = "\(dir)/target"
            close(open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600))
            #expect(symlink(target, "\(dir)/link") == 0)
            let r = "\(dir)/link".withCString { Sys.chmodSocketFile($0, 0o666) }
            #expect(r == -Int(ELOOP))
            #expect(mode(target) == 0o600, "the link's target was changed to \(String(mode(target), radix: 8))")
        }
    }

    @Test("a file that is not a socket is refused (ENOTSOCK); a socket file gets the mode")
    func socketOnly() throws {
        try withDirectory { dir in
            let file = "\(dir)/file"
            close(open(file, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600))
            #expect(file.withCString { Sys.chmodSocketFile($0, 0o666) } == -Int(ENOTSOCK))
            #expect(mode(file) == 0o600)
            let listener = try UnixListener("\(dir)/sock", mode: 0o640)
            defer { listener.close() }
            #expect(mode("\(dir)/sock") == 0o640)
        }
    }
}
