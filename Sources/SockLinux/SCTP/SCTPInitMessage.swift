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
        raw.storeBytes(of: outboundStreams, toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_num_ostreams, as: UInt16.self)
        raw.storeBytes(
            of: maxInboundStreams,
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_instreams,
            as: UInt16.self
        )
        raw.storeBytes(of: maxAttempts, toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_attempts, as: UInt16.self)
        raw.storeBytes(
            of: UInt16(timeout),
            toByteOffset: LinuxABI.offsetof_sctp_initmsg_sinit_max_init_timeo,
            as: UInt16.self
        )
    }

    init?(decoding raw: UnsafeRawBufferPointer) {
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

/// Retransmission timeout bounds (`struct sctp_rtoinfo`, option `SCTP_RTOINFO`), whole
/// milliseconds. Linux-only. A zero field leaves the kernel's value unchanged when set.
@frozen
public struct SCTPRTOInfo: Sendable, Hashable {
    /// The initial RTO (`srto_initial`; Linux default 3 s).
    public var initial: Duration
    /// The largest RTO (`srto_max`; default 60 s).
    public var maximum: Duration
    /// The smallest RTO (`srto_min`; default 1 s).
    public var minimum: Duration

    /// Creates RTO bounds; zero fields keep the kernel's values.
    @inlinable
    public init(initial: Duration = .zero, maximum: Duration = .zero, minimum: Duration = .zero) {
        self.initial = initial
        self.maximum = maximum
        self.minimum = minimum
    }
}

/// Association parameters (`struct sctp_assocparams`, option `SCTP_ASSOCINFO`). Linux-only.
/// Only ``maxRetransmissions`` and ``cookieLife`` can be set (zero keeps the kernel's value); the
/// other fields are reported by the kernel.
@frozen
public struct SCTPAssociationParameters: Sendable, Hashable {
    /// Retransmissions before the association is considered lost (`sasoc_asocmaxrxt`).
    public var maxRetransmissions: UInt16
    /// The peer's number of addresses (`sasoc_number_peer_destinations`; read-only).
    public var peerDestinations: UInt16
    /// The peer's receive window (`sasoc_peer_rwnd`; read-only).
    public var peerReceiveWindow: UInt32
    /// The local receive window (`sasoc_local_rwnd`; read-only).
    public var localReceiveWindow: UInt32
    /// The lifetime of the state cookie (`sasoc_cookie_life`), whole milliseconds.
    public var cookieLife: Duration

    /// Creates settable parameters; zero keeps the kernel's value.
    @inlinable
    public init(
        maxRetransmissions: UInt16 = 0,
        peerDestinations: UInt16 = 0,
        peerReceiveWindow: UInt32 = 0,
        localReceiveWindow: UInt32 = 0,
        cookieLife: Duration = .zero
    ) {
        self.maxRetransmissions = maxRetransmissions
        self.peerDestinations = peerDestinations
        self.peerReceiveWindow = peerReceiveWindow
        self.localReceiveWindow = localReceiveWindow
        self.cookieLife = cookieLife
    }
}
#endif
