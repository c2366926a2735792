import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The file of a Unix socket `listen` binds to a path: a stale one left by a killed listener is
/// explained (or removed first with `--unlink`, as socat's `unlink-early`), and the one sockcat
/// created is removed when it exits, also on SIGINT, SIGTERM and SIGHUP.
///
/// Removal is by identity, not by name: at bind sockcat opens the directory (`O_PATH`) and records
/// the socket file's device and inode; at exit it looks the name up again relative to that
/// directory descriptor (`fstatat`, `AT_SYMLINK_NOFOLLOW`) and unlinks it (`unlinkat`) only if it
/// is still that socket. A file put in its place, or a directory swapped for a symlink, is left
/// alone. Sock itself never removes socket files.
enum SocketFile {
    /// A path split into its directory and its last component.
    struct Location {
        var directory: String
        var name: String

        init?(_ path: String) {
            guard !path.isEmpty, !path.hasSuffix("/") else { return nil }
            if let slash = path.lastIndex(of: "/") {
                let directory = String(path[..<slash])
                self.directory = directory.isEmpty ? "/" : directory
                name = String(path[path.index(after: slash)...])
            } else {
                directory = "."
                name = path
            }
        }
    }

    /// What is at a path (without following a final symlink).
    enum Existing {
        case nothing, socket, other
    }

    static func existing(_ path: String) -> Existing {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .nothing }
        return info.st_mode & S_IFMT == S_IFSOCK ? .socket : .other
    }

    /// Before binding `path`: with `unlink`, removes a socket file there (anything else stays,
    /// and is an error). Returns the directory descriptor that ``created(_:directory:)`` needs,
    /// opened before the bind so that the name is later resolved in the directory bound in.
    static func prepare(_ path: String, unlink removeFirst: Bool) throws(Failure) -> CInt {
        if removeFirst {
            switch existing(path) {
            case .nothing: break
            case .socket:
                guard unlink(path) == 0 || errno == ENOENT else {
                    throw Failure("--unlink: cannot remove \(Console.escaped(path)) (errno \(errno))", status: .ioError)
                }
                Console.error("sockcat: removed the socket file \(Console.escaped(path)) (--unlink)")
            case .other:
                throw Failure(
                    "--unlink: \(Console.escaped(path)) exists and is not a socket; sockcat removes only sockets",
                    status: .ioError
                )
            }
        }
        guard let location = Location(path) else { return -1 }
        #if os(Linux)
        // O_PATH from Sock's ABI tables (Glibc does not export it to Swift).
        return open(location.directory, CInt(LinuxABI.O_PATH) | O_DIRECTORY | O_CLOEXEC)
        #else
        return open(location.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        #endif
    }

    /// Explains why binding `path` failed with `.addressInUse`: a stale socket (nobody accepts on
    /// it), one in use, or a file that is not a socket.
    static func diagnoseInUse(_ address: UnixAddr, path: String) -> String? {
        let shown = Console.escaped(path)
        switch existing(path) {
        case .nothing: return nil
        case .other: return "\(shown) exists and is not a socket (sockcat does not remove it)"
        case .socket: break
        }
        do throws(SocketError) {
            if address.network == .unixgram {
                try UnixDatagramConn.dial(address).close()
            } else {
                try UnixConn.dial(address).close()
            }
            return "another process is listening on \(shown)"
        } catch  where error.code == .connectionRefused {
            return "\(shown) is a stale socket: nothing listens on it (a listener that was killed "
                + "left it behind); remove it, or run sockcat with --unlink to remove it first"
        } catch {
            return "\(shown) is a socket that is in use or of another type (connect: \(error))"
        }
    }

    /// Records the socket file just bound at `path` (through `directory`, from ``prepare``) and
    /// arranges its removal at exit. Takes the directory descriptor.
    static func created(_ path: String, directory: CInt) {
        guard directory >= 0, let location = Location(path) else { return }
        var info = stat()
        guard fstatat(directory, location.name, &info, AT_SYMLINK_NOFOLLOW) == 0,
            info.st_mode & S_IFMT == S_IFSOCK
        else {
            close(directory)
            return
        }
        guard createdName == nil else {
            close(directory)
            return
        }
        createdDirectory = directory
        createdDevice = UInt64(info.st_dev)
        createdInode = UInt64(info.st_ino)
        createdName = strdup(location.name)
        atexit { SocketFile.removeCreated() }
        var signals = sigset_t()
        sigemptyset(&signals)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            // A signal the parent ignores stays ignored (nohup); the others end sockcat cleanly.
            let previous = signal(sig) { sig in
                SocketFile.removeCreated()
                signal(sig, SIG_DFL)
                raise(sig)
            }
            let ignored = unsafeBitCast(SIG_IGN, to: UnsafeRawPointer?.self)
            if unsafeBitCast(previous, to: UnsafeRawPointer?.self) == ignored {
                signal(sig, SIG_IGN)
            } else {
                sigaddset(&signals, sig)
            }
        }
        // A parent's blocked mask would keep them pending forever; sockcat wants them.
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    // The one socket file sockcat created (it listens on one address). Plain values, set once
    // before the handlers are installed, so the signal handler reads them without locks or
    // allocation.
    nonisolated(unsafe) private static var createdDirectory: CInt = -1
    nonisolated(unsafe) private static var createdName: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var createdDevice: UInt64 = 0
    nonisolated(unsafe) private static var createdInode: UInt64 = 0

    /// Unlinks the created socket if the name still refers to it. Async-signal-safe (`fstatat`
    /// and `unlinkat` only); runs at most once.
    static func removeCreated() {
        guard let name = createdName, createdDirectory >= 0 else { return }
        createdName = nil
        var info = stat()
        guard fstatat(createdDirectory, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
            info.st_mode & S_IFMT == S_IFSOCK,
            UInt64(info.st_dev) == createdDevice,
            UInt64(info.st_ino) == createdInode
        else { return }
        unlinkat(createdDirectory, name, 0)
    }
}
