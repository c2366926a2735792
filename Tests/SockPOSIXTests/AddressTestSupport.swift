import SockPOSIX
import Testing

/// Expects `body` to throw a `SocketError` with code `.invalidArgument` (input Sock rejected);
/// returns it so the caller can check the detail. Takes a typed-throws closure, so no error is
/// boxed on the way.
@discardableResult
func expectInvalid<R>(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(SocketError) -> R
) -> SocketError? {
    do throws(SocketError) {
        let result = try body()
        Issue.record("expected an .invalidArgument SocketError, got \(result)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == .invalidArgument, "got \(error)", sourceLocation: sourceLocation)
        return error
    }
}

/// Runs a `format(into:)` call on a fresh buffer of `capacity` bytes (filled with 0xAA) and
/// returns the bytes it wrote, or the typed error it threw.
func formatted(
    capacity: Int,
    _ format: (UnsafeMutableRawBufferPointer) throws(SocketError) -> Int
) throws(SocketError) -> [UInt8] {
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 1)
    defer { buffer.deallocate() }
    buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
    let count = try format(buffer)
    precondition(count <= capacity)
    return Array(buffer[0..<count])
}

#if canImport(Glibc)
import Glibc
import Synchronization

/// The Swift runtime's will-throw hooks (`_swift_willThrow`, `_swift_willThrowTypedImpl`). Swift
/// Testing installs both to capture a backtrace for every thrown error, which allocates; a
/// production process has none. ``withoutThrowHooks(_:)`` suspends them while an error path is
/// measured. Process-wide, so a count of users keeps concurrent measurements from losing them.
private let throwHooks = Mutex<(users: Int, typed: UInt, untyped: UInt)>((0, 0, 0))

private func throwHookSlot(_ name: String) -> UnsafeMutablePointer<UInt>? {
    dlsym(nil, name)?.assumingMemoryBound(to: UInt.self)
}

/// Runs `body` with the runtime's will-throw hooks removed (see `throwHooks`).
func withoutThrowHooks<R>(_ body: () throws -> R) rethrows -> R {
    let typed = throwHookSlot("_swift_willThrowTypedImpl")
    let untyped = throwHookSlot("_swift_willThrow")
    throwHooks.withLock { state in
        if state.users == 0 {
            state.typed = typed?.pointee ?? 0
            state.untyped = untyped?.pointee ?? 0
            typed?.pointee = 0
            untyped?.pointee = 0
        }
        state.users += 1
    }
    defer {
        throwHooks.withLock { state in
            state.users -= 1
            if state.users == 0 {
                typed?.pointee = state.typed
                untyped?.pointee = state.untyped
            }
        }
    }
    return try body()
}
#else
func withoutThrowHooks<R>(_ body: () throws -> R) rethrows -> R { try body() }
#endif

/// The bytes a sockaddr really holds: `length` bytes from the start of the struct.
func sockaddrBytes(_ address: some Sockaddr) -> [UInt8] {
    address.withUnsafeSockaddr { pointer, length in Array(UnsafeRawBufferPointer(start: pointer, count: Int(length))) }
}
