#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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

    /// Reads `struct sctp_assocparams` (the bytes `getsockopt(SCTP_ASSOCINFO)` returned); nil when
    /// they are too short. `package` for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer) {
        guard raw.count >= LinuxABI.sizeof_sctp_assocparams,
            let rxt = raw.field(at: LinuxABI.offsetof_sctp_assocparams_sasoc_asocmaxrxt, as: UInt16.self),
            let peers = raw.field(
                at: LinuxABI.offsetof_sctp_assocparams_sasoc_number_peer_destinations,
                as: UInt16.self
            ),
            let peerRwnd = raw.field(at: LinuxABI.offsetof_sctp_assocparams_sasoc_peer_rwnd, as: UInt32.self),
            let localRwnd = raw.field(at: LinuxABI.offsetof_sctp_assocparams_sasoc_local_rwnd, as: UInt32.self),
            let cookie = raw.field(at: LinuxABI.offsetof_sctp_assocparams_sasoc_cookie_life, as: UInt32.self)
        else { return nil }
        self.init(
            maxRetransmissions: rxt,
            peerDestinations: peers,
            peerReceiveWindow: peerRwnd,
            localReceiveWindow: localRwnd,
            cookieLife: .milliseconds(Int(cookie))
        )
    }
}
#endif
