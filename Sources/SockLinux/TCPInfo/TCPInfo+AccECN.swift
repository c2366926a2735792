#if os(Linux)
import SockPOSIX

/// Where Linux 6.18 put the AccECN counters it appended to `struct tcp_info`: seven `__u32` right
/// after `tcpi_total_rto_time`, as declared in 6.18's `include/uapi/linux/tcp.h` (the same on
/// every architecture: the struct holds only fixed-width integers).
///
/// They are written by hand because the ABI tables come from 6.12 headers, where the struct ends
/// at 248 bytes, before these fields. A test checks that the first offset equals the tables'
/// `sizeof_tcp_info`: once the tables are regenerated from 6.18 or newer headers, that test fails,
/// and these constants should give way to the generated ones.
///
/// The four bytes after the counters (276..<280) get no accessor: 6.18 declares them as two
/// `__u16` (`tcpi_accecn_fail_mode`, `tcpi_accecn_opt_seen`), but Linux 7.0 repacked them into
/// one `__u32` of bit fields (`tcpi_ecn_mode:2`, `tcpi_accecn_opt_seen:2`,
/// `tcpi_accecn_fail_mode:4`, `tcpi_options2:24`). Both return 280 bytes, so the returned length
/// cannot tell the layouts apart.
@usableFromInline
package enum TCPInfoAccECNOffsets {
    /// `tcpi_received_ce`.
    @inlinable package static var receivedCe: Int { 248 }
    /// `tcpi_delivered_e1_bytes`.
    @inlinable package static var deliveredE1Bytes: Int { 252 }
    /// `tcpi_delivered_e0_bytes`.
    @inlinable package static var deliveredE0Bytes: Int { 256 }
    /// `tcpi_delivered_ce_bytes`.
    @inlinable package static var deliveredCeBytes: Int { 260 }
    /// `tcpi_received_e1_bytes`.
    @inlinable package static var receivedE1Bytes: Int { 264 }
    /// `tcpi_received_e0_bytes`.
    @inlinable package static var receivedE0Bytes: Int { 268 }
    /// `tcpi_received_ce_bytes`.
    @inlinable package static var receivedCeBytes: Int { 272 }
    /// The end of the counters, where the four bytes without an accessor begin.
    @inlinable package static var end: Int { 276 }
}

// The AccECN counters (Accurate ECN, RFC 9768) of `struct tcp_info`: `nil` before Linux 6.18,
// whose struct ends at 248 bytes. All are 32-bit kernel counters that wrap. The received counters
// count classic (RFC 3168) ECN traffic too; the delivered ones come from the peer's AccECN option.

extension TCPInfo {
    /// `tcpi_received_ce`: Segments received with the CE (congestion experienced) mark (Linux 6.18).
    @inlinable public var receivedCe: UInt32? { load(at: TCPInfoAccECNOffsets.receivedCe) }

    /// `tcpi_delivered_e1_bytes`: Payload bytes the peer reports, in its AccECN option, as received
    /// with ECT(1) (Linux 6.18).
    @inlinable public var deliveredE1Bytes: UInt32? { load(at: TCPInfoAccECNOffsets.deliveredE1Bytes) }

    /// `tcpi_delivered_e0_bytes`: Payload bytes the peer reports, in its AccECN option, as received
    /// with ECT(0) (Linux 6.18).
    @inlinable public var deliveredE0Bytes: UInt32? { load(at: TCPInfoAccECNOffsets.deliveredE0Bytes) }

    /// `tcpi_delivered_ce_bytes`: Payload bytes the peer reports, in its AccECN option, as received
    /// with the CE mark (Linux 6.18).
    @inlinable public var deliveredCeBytes: UInt32? { load(at: TCPInfoAccECNOffsets.deliveredCeBytes) }

    /// `tcpi_received_e1_bytes`: Payload bytes received with ECT(1) (Linux 6.18).
    @inlinable public var receivedE1Bytes: UInt32? { load(at: TCPInfoAccECNOffsets.receivedE1Bytes) }

    /// `tcpi_received_e0_bytes`: Payload bytes received with ECT(0) (Linux 6.18).
    @inlinable public var receivedE0Bytes: UInt32? { load(at: TCPInfoAccECNOffsets.receivedE0Bytes) }

    /// `tcpi_received_ce_bytes`: Payload bytes received with the CE mark (Linux 6.18).
    @inlinable public var receivedCeBytes: UInt32? { load(at: TCPInfoAccECNOffsets.receivedCeBytes) }
}
#endif
