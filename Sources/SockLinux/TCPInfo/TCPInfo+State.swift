#if os(Linux)
import SockPOSIX

// The enumerated and bit-field members of `struct tcp_info`.

extension TCPInfo {
    /// `tcpi_state`: the connection state.
    @inlinable public var state: TCPState? {
        load(UInt8.self, at: LinuxABI.offsetof_tcp_info_tcpi_state).map(TCPState.init(rawValue:))
    }

    /// `tcpi_ca_state`: the congestion-avoidance state.
    @inlinable public var caState: TCPCongestionState? {
        load(UInt8.self, at: LinuxABI.offsetof_tcp_info_tcpi_ca_state).map(TCPCongestionState.init(rawValue:))
    }

    /// `tcpi_options`: the TCP options negotiated with the peer.
    @inlinable public var options: TCPInfoOptions? {
        load(UInt8.self, at: LinuxABI.offsetof_tcp_info_tcpi_options).map(TCPInfoOptions.init(rawValue:))
    }

    /// `tcpi_snd_wscale` (4-bit field): the peer's window-scale shift, valid when ``options``
    /// contains `.windowScale`.
    @inlinable public var sndWscale: UInt8? {
        bits(at: LinuxABI.bitoffset_tcp_info_tcpi_snd_wscale, size: LinuxABI.bitsize_tcp_info_tcpi_snd_wscale)
    }

    /// `tcpi_rcv_wscale` (4-bit field): this side's window-scale shift.
    @inlinable public var rcvWscale: UInt8? {
        bits(at: LinuxABI.bitoffset_tcp_info_tcpi_rcv_wscale, size: LinuxABI.bitsize_tcp_info_tcpi_rcv_wscale)
    }

    /// `tcpi_delivery_rate_app_limited` (1-bit field, Linux 4.9): the last ``deliveryRate``
    /// sample was limited by the application, not the network.
    @inlinable public var deliveryRateAppLimited: Bool? {
        bits(
            at: LinuxABI.bitoffset_tcp_info_tcpi_delivery_rate_app_limited,
            size: LinuxABI.bitsize_tcp_info_tcpi_delivery_rate_app_limited
        ).map { $0 != 0 }
    }

    /// `tcpi_fastopen_client_fail` (2-bit field, Linux 5.5): why a client's TCP Fast Open attempt
    /// failed: 0 unspecified, 1 no cookie sent, 2 SYN data not acknowledged, 3 SYN-ACK without
    /// the cookie after a retransmitted SYN.
    @inlinable public var fastOpenClientFail: UInt8? {
        bits(
            at: LinuxABI.bitoffset_tcp_info_tcpi_fastopen_client_fail,
            size: LinuxABI.bitsize_tcp_info_tcpi_fastopen_client_fail
        )
    }
}

/// A TCP connection state (`tcpi_state`; the kernel's `TCP_ESTABLISHED` ... values). Linux-only.
/// Values the kernel may add later are kept as they are.
@frozen
public struct TCPState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The kernel's value.
    public var rawValue: UInt8

    /// Wraps a kernel value.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `TCP_ESTABLISHED` (1).
    public static let established = TCPState(rawValue: 1)
    /// `TCP_SYN_SENT` (2).
    public static let synSent = TCPState(rawValue: 2)
    /// `TCP_SYN_RECV` (3).
    public static let synRecv = TCPState(rawValue: 3)
    /// `TCP_FIN_WAIT1` (4).
    public static let finWait1 = TCPState(rawValue: 4)
    /// `TCP_FIN_WAIT2` (5).
    public static let finWait2 = TCPState(rawValue: 5)
    /// `TCP_TIME_WAIT` (6).
    public static let timeWait = TCPState(rawValue: 6)
    /// `TCP_CLOSE` (7).
    public static let close = TCPState(rawValue: 7)
    /// `TCP_CLOSE_WAIT` (8).
    public static let closeWait = TCPState(rawValue: 8)
    /// `TCP_LAST_ACK` (9).
    public static let lastAck = TCPState(rawValue: 9)
    /// `TCP_LISTEN` (10).
    public static let listen = TCPState(rawValue: 10)
    /// `TCP_CLOSING` (11).
    public static let closing = TCPState(rawValue: 11)
    /// `TCP_NEW_SYN_RECV` (12).
    public static let newSynRecv = TCPState(rawValue: 12)
    /// `TCP_BOUND_INACTIVE` (13, Linux 6.6): bound, never listened or connected.
    public static let boundInactive = TCPState(rawValue: 13)

    /// The kernel's name, e.g. `ESTABLISHED`, or `STATE(n)` for an unknown value.
    public var description: String {
        let names = [
            "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE",
            "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV", "BOUND_INACTIVE",
        ]
        let index = Int(rawValue) - 1
        return names.indices.contains(index) ? names[index] : "STATE(\(rawValue))"
    }
}

/// A congestion-avoidance state (`tcpi_ca_state`; the kernel's `TCP_CA_*` values). Linux-only.
@frozen
public struct TCPCongestionState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The kernel's value.
    public var rawValue: UInt8

    /// Wraps a kernel value.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `TCP_CA_Open` (0): normal.
    public static let open = TCPCongestionState(rawValue: 0)
    /// `TCP_CA_Disorder` (1): duplicate ACKs or SACKs seen.
    public static let disorder = TCPCongestionState(rawValue: 1)
    /// `TCP_CA_CWR` (2): the window was reduced (ECN or local congestion).
    public static let cwr = TCPCongestionState(rawValue: 2)
    /// `TCP_CA_Recovery` (3): fast retransmit.
    public static let recovery = TCPCongestionState(rawValue: 3)
    /// `TCP_CA_Loss` (4): timeout recovery.
    public static let loss = TCPCongestionState(rawValue: 4)

    /// `Open`, `Disorder`, `CWR`, `Recovery`, `Loss`, or `CA(n)`.
    public var description: String {
        let names = ["Open", "Disorder", "CWR", "Recovery", "Loss"]
        return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : "CA(\(rawValue))"
    }
}

/// The options a TCP connection negotiated (`tcpi_options`, the kernel's `TCPI_OPT_*` bits).
/// Linux-only.
@frozen
public struct TCPInfoOptions: OptionSet, Hashable, Sendable {
    /// The kernel's bits.
    public var rawValue: UInt8

    /// Wraps the kernel's bits.
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `TCPI_OPT_TIMESTAMPS`.
    public static let timestamps = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_TIMESTAMPS))
    /// `TCPI_OPT_SACK`.
    public static let sack = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_SACK))
    /// `TCPI_OPT_WSCALE`: window scaling; see ``TCPInfo/sndWscale`` and ``TCPInfo/rcvWscale``.
    public static let windowScale = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_WSCALE))
    /// `TCPI_OPT_ECN`: ECN was negotiated.
    public static let ecn = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_ECN))
    /// `TCPI_OPT_ECN_SEEN`: at least one ECT packet was received.
    public static let ecnSeen = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_ECN_SEEN))
    /// `TCPI_OPT_SYN_DATA`: the SYN or SYN-ACK carried data (TCP Fast Open).
    public static let synData = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_SYN_DATA))
    /// `TCPI_OPT_USEC_TS` (Linux 6.7): microsecond-resolution TCP timestamps.
    public static let usecTimestamps = TCPInfoOptions(rawValue: UInt8(LinuxABI.TCPI_OPT_USEC_TS))
}
#endif
