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

/// The bytes a sockaddr really holds: `length` bytes from the start of the struct.
func sockaddrBytes(_ address: some Sockaddr) -> [UInt8] {
    address.withUnsafeSockaddr { pointer, length in Array(UnsafeRawBufferPointer(start: pointer, count: Int(length))) }
}
