// The shared helpers (SockTestSupport: error expectations, the malloc counter, skipping with a
// printed reason, running commands, network namespaces joined by veth pairs) for every file of
// this target, and the expectations only this target uses.

import SockPOSIX
@_exported import SockTestSupport
import Testing

/// Expects `body` to throw `.closed` with errno EBADF (what every operation on a closed socket
/// reports, whether Sock or the kernel noticed).
func expectClosed<R>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(SocketError) -> R) {
    let error = expectSocketError(.closed, sourceLocation: sourceLocation, body)
    #expect(error?.errno == Errno.EBADF, "a closed socket's error carries EBADF", sourceLocation: sourceLocation)
}
