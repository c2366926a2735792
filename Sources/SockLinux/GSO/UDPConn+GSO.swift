#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension UDPConn {
    /// `UDP_SEGMENT` (Linux 4.18) as a socket option: every send on this UDP socket is cut into
    /// datagrams of `size` bytes (0 turns it off; 0...65535). A send then obeys
    /// ``UDPSegmentation``'s limits, enforced by the kernel (EINVAL, EMSGSIZE).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.notSupported` (not a UDP socket), `.closed`.
    public func setSegmentSize(_ size: Int) throws(SocketError) {
        try setIntOption(level: LinuxABI.SOL_UDP, name: LinuxABI.UDP_SEGMENT, size, range: 0...Int(UInt16.max))
    }

    /// `UDP_SEGMENT` (0: off).
    /// Linux-only.
    /// - Throws: `.notSupported` (not a UDP socket), `.closed`.
    public func segmentSize() throws(SocketError) -> Int {
        try intOption(level: LinuxABI.SOL_UDP, name: LinuxABI.UDP_SEGMENT)
    }

    /// `UDP_GRO` (Linux 5.0): lets the kernel hand this UDP socket several datagrams of one flow
    /// coalesced into one receive, with a `UDP_GRO` control message giving the segment size
    /// (``ControlMessage/Kind/groSegmentSize(_:)``, ``UDPBatch/Message/groSegmentSize``).
    /// Receive buffers must then be large enough for a coalesced datagram (up to 65535 bytes) or
    /// the receive is truncated.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a UDP socket), `.closed`.
    public func setGRO(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: LinuxABI.SOL_UDP, name: LinuxABI.UDP_GRO, on)
    }

    /// `UDP_GRO`.
    /// Linux-only.
    /// - Throws: `.notSupported` (not a UDP socket), `.closed`.
    public func gro() throws(SocketError) -> Bool {
        try getBoolOption(level: LinuxABI.SOL_UDP, name: LinuxABI.UDP_GRO)
    }

    /// Sends `bytes` as datagrams of `segmentSize` bytes (the last one shorter) with one
    /// `sendmsg(2)` carrying a `UDP_SEGMENT` control message (Linux 4.18), to `address`.
    /// The limits are checked first (``UDPSegmentation/validate(payload:segmentSize:family:_:)``).
    /// No allocation.
    /// Linux-only.
    ///
    /// - Returns: the number of payload bytes sent (all of them, for UDP).
    /// - Throws: `.invalidArgument` (`.segmentSizeInvalid`, `.tooManySegments`), `.messageTooLarge`
    ///   (`.payloadTooLarge`), `.wouldBlock`, `.closed`, and what `sendmsg` throws.
    public func sendSegmented(
        _ bytes: UnsafeRawBufferPointer,
        segmentSize: Int,
        to address: some Sockaddr
    ) throws(SocketError) -> Int {
        let family = UDPSegmentation.family(domain: self.family.rawValue, destination: SocketAddress(address))
        try UDPSegmentation.validate(payload: bytes.count, segmentSize: segmentSize, family: family)
        return try withSegmentControl(segmentSize) { (control) throws(SocketError) -> Int in
            try sendMessage(bytes, control: control, to: address)
        }
    }

    /// Sends `bytes` in segments of `segmentSize` bytes to the connected peer. See
    /// `sendSegmented(_:segmentSize:to:)`.
    /// Linux-only.
    /// - Throws: as above, and `.notConnected` on an unconnected socket.
    public func sendSegmented(_ bytes: UnsafeRawBufferPointer, segmentSize: Int) throws(SocketError) -> Int {
        try UDPSegmentation.validate(payload: bytes.count, segmentSize: segmentSize, family: family.rawValue)
        return try withSegmentControl(segmentSize) { (control) throws(SocketError) -> Int in
            try sendMessage(bytes, control: control)
        }
    }

    private func withSegmentControl(
        _ segmentSize: Int,
        _ body: (UnsafeRawBufferPointer) throws(SocketError) -> Int
    ) throws(SocketError) -> Int {
        try withUnsafeTemporaryAllocation(
            byteCount: ControlMessageLayout.space(2),
            alignment: ControlMessageLayout.alignment
        ) { (buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int in
            var builder = ControlMessageBuilder(buffer)
            try builder.appendSegmentSize(segmentSize)
            return try body(builder.bytes)
        }
    }
}

extension UDPConn {
    /// `sendSegmented(_:segmentSize:to:)` from an array. Linux-only.
    public func sendSegmented(_ bytes: [UInt8], segmentSize: Int, to address: some Sockaddr) throws(SocketError) -> Int
    {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try sendSegmented(UnsafeRawBufferPointer(b), segmentSize: segmentSize, to: address)
        }
    }

    /// `sendSegmented(_:segmentSize:to:)` from a span. Linux-only.
    public func sendSegmented(_ span: RawSpan, segmentSize: Int, to address: some Sockaddr) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try sendSegmented(b, segmentSize: segmentSize, to: address)
        }
    }

    /// Sends `bytes` in segments of `segmentSize` bytes to an endpoint (an IPv4 endpoint on an
    /// IPv6 socket is sent IPv4-mapped). Linux-only.
    public func sendSegmented(_ bytes: [UInt8], segmentSize: Int, to address: UDPAddr) throws(SocketError) -> Int {
        try sendSegmented(
            bytes,
            segmentSize: segmentSize,
            to: try address.sockaddr(matching: sa_family_t(family.rawValue))
        )
    }

    /// `sendSegmented(_:segmentSize:)` from an array. Linux-only.
    public func sendSegmented(_ bytes: [UInt8], segmentSize: Int) throws(SocketError) -> Int {
        try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(SocketError) -> Int in
            try sendSegmented(UnsafeRawBufferPointer(b), segmentSize: segmentSize)
        }
    }

    /// `sendSegmented(_:segmentSize:)` from a span. Linux-only.
    public func sendSegmented(_ span: RawSpan, segmentSize: Int) throws(SocketError) -> Int {
        try span.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(SocketError) -> Int in
            try sendSegmented(b, segmentSize: segmentSize)
        }
    }
}
#endif
