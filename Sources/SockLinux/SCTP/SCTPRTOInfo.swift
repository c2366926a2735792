#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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

    /// Reads `struct sctp_rtoinfo` (the bytes `getsockopt(SCTP_RTOINFO)` returned); nil when they
    /// are too short. `package` for the fuzz targets.
    package init?(decoding raw: UnsafeRawBufferPointer) {
        guard raw.count >= LinuxABI.sizeof_sctp_rtoinfo,
            let initial = raw.field(at: LinuxABI.offsetof_sctp_rtoinfo_srto_initial, as: UInt32.self),
            let maximum = raw.field(at: LinuxABI.offsetof_sctp_rtoinfo_srto_max, as: UInt32.self),
            let minimum = raw.field(at: LinuxABI.offsetof_sctp_rtoinfo_srto_min, as: UInt32.self)
        else { return nil }
        self.init(
            initial: .milliseconds(Int(initial)),
            maximum: .milliseconds(Int(maximum)),
            minimum: .milliseconds(Int(minimum))
        )
    }
}
#endif
