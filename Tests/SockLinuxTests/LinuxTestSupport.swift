// The shared helpers (SockTestSupport: error expectations, the malloc counter, skipping with a
// printed reason, running commands, network namespaces joined by veth pairs) for every file of
// this target.

@_exported import SockTestSupport
