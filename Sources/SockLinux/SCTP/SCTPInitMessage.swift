#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Association setup parameters (`struct sctp_initmsg`, option `SCTP_INITMSG`): the streams this
/// side asks for and how hard it tries to set an association up. Linux-only.
///
/// The stream counts an association ends up with are negotiated: outbound = min(our
/// ``outboundStreams``, the peer's ``maxInboundStreams``), and the other way round; read them with
/// ``SCTPSocket/sctpStatus(association:)`` or from the `SCTP_COMM_UP` notification. A zero field
/// leaves the kernel's current value unchanged.
@frozen
public struct SCTPInitMessage: Sendable, Hashable {
    /// Outbound streams to request (`sinit_num_ostreams`; Linux default 10).
    public var outboundStreams: UInt16
    /// Inbound streams to accept at most (`sinit_max_instreams`; Linux default 65535).
    public var maxInboundStreams: UInt16
    /// INIT retransmissions before giving up (`sinit_max_attempts`).
    public var maxAttempts: UInt16
    /// The largest INIT retransmission timeout (`sinit_max_init_timeo`), whole milliseconds
    /// up to 65535 ms.
    public var maxInitTimeout: Duration

    /// Creates setup parameters; zero fields keep the kernel's values.
    @inlinable
    public init(
        outboundStreams: UInt16 = 0,
        maxInboundStreams: UInt16 = 0,
        maxAttempts: UInt16 = 0,
        maxInitTimeout: Duration = .zero
    ) {
        self.outboundStreams = outboundStreams
        self.maxInboundStreams = maxInboundStreams
        self.maxAttempts = maxAttempts
        self.maxInitTimeout = maxInitTimeout
    }

    func encode(into raw: UnsafeMutableRawBufferPointer) throws(SocketError) {
        let timeout = try DurationUnits.whole(maxInitTimeout, perSecond: 1000, range: 0...Int(UInt16.max))
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        raw.storeBytes(
            of: outboundStreams,
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_num_ostreams,
            as: UInt16.self
        )
        raw.storeBytes(
            of: maxInboundStreams,
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_instreams,
            as: UInt16.self
        )
        raw.storeBytes(
            of: maxAttempts,
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_attempts,
            as: UInt16.self
        )
        raw.storeBytes(
            of: UInt16(timeout),
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_init_timeo,
            as: UInt16.self
        )
    }

    /// Reads `struct sctp_initmsg` (the bytes `getsockopt(SCTP_INITMSG)` returned); nil when they
    /// are too short. `package` for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer) {
        guard raw.count >= LinuxABI.sizeof_sctp_initmsg,
            let ostreams = raw.field(at: LinuxABI.offsetof_sctp_initmsg_sinit_num_ostreams, as: UInt16.self),
            let instreams = raw.field(at: LinuxABI.offsetof_sctp_initmsg_sinit_max_instreams, as: UInt16.self),
            let attempts = raw.field(at: LinuxABI.offsetof_sctp_initmsg_sinit_max_attempts, as: UInt16.self),
            let timeout = raw.field(at: LinuxABI.offsetof_sctp_initmsg_sinit_max_init_timeo, as: UInt16.self)
        else { return nil }
        self.init(
            outboundStreams: ostreams,
            maxInboundStreams: instreams,
            maxAttempts: attempts,
            maxInitTimeout: .milliseconds(Int(timeout))
        )
    }
}
#endif
