// The shared helpers (SockTestSupport) for every file of this target, and what only these tests
// use.

@_exported import SockTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A unique abstract Unix name for one test.
func uniqueAbstractName(_ tag: String) -> String {
    "@sock-test-\(getpid())-\(tag)-\(UInt32.random(in: 0...UInt32.max))"
}
