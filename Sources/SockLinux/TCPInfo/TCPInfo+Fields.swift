#if os(Linux)
import SockPOSIX

// The typed fields of `struct tcp_info`, each read at the offset of the generated ABI layout and
// `nil` when the kernel's struct is too short to hold it.

extension TCPInfo {
    /// `tcpi_retransmits`: Retransmissions of the current unacknowledged segment (RTO timeouts in a row).
    @inlinable public var retransmits: UInt8? { load(at: LinuxABI.offsetof_tcp_info_tcpi_retransmits) }

    /// `tcpi_probes`: Zero-window or keep-alive probes sent without a reply.
    @inlinable public var probes: UInt8? { load(at: LinuxABI.offsetof_tcp_info_tcpi_probes) }

    /// `tcpi_backoff`: Exponential backoff of the retransmission timer.
    @inlinable public var backoff: UInt8? { load(at: LinuxABI.offsetof_tcp_info_tcpi_backoff) }

    /// `tcpi_rto`: Retransmission timeout, in microseconds.
    @inlinable public var rto: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rto) }

    /// `tcpi_ato`: Delayed-ACK timeout, in microseconds.
    @inlinable public var ato: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_ato) }

    /// `tcpi_snd_mss`: Sending maximum segment size, in bytes.
    @inlinable public var sndMss: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_snd_mss) }

    /// `tcpi_rcv_mss`: Estimated receiving maximum segment size, in bytes.
    @inlinable public var rcvMss: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_mss) }

    /// `tcpi_unacked`: Segments sent and not yet acknowledged (for a listener: the accept queue length).
    @inlinable public var unacked: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_unacked) }

    /// `tcpi_sacked`: Segments selectively acknowledged (for a listener: the backlog).
    @inlinable public var sacked: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_sacked) }

    /// `tcpi_lost`: Segments considered lost.
    @inlinable public var lost: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_lost) }

    /// `tcpi_retrans`: Retransmitted segments not yet acknowledged.
    @inlinable public var retrans: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_retrans) }

    /// `tcpi_fackets`: Forward-acknowledged segments (unused since Linux 4.15, always 0).
    @inlinable public var fackets: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_fackets) }

    /// `tcpi_last_data_sent`: Time since data was last sent, in milliseconds.
    @inlinable public var lastDataSent: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_last_data_sent) }

    /// `tcpi_last_ack_sent`: Time since an ACK was last sent, in milliseconds (not maintained by Linux: 0).
    @inlinable public var lastAckSent: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_last_ack_sent) }

    /// `tcpi_last_data_recv`: Time since data was last received, in milliseconds.
    @inlinable public var lastDataRecv: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_last_data_recv) }

    /// `tcpi_last_ack_recv`: Time since an ACK was last received, in milliseconds.
    @inlinable public var lastAckRecv: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_last_ack_recv) }

    /// `tcpi_pmtu`: Path MTU, in bytes.
    @inlinable public var pmtu: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_pmtu) }

    /// `tcpi_rcv_ssthresh`: Receive-window slow-start threshold, in bytes.
    @inlinable public var rcvSsthresh: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_ssthresh) }

    /// `tcpi_rtt`: Smoothed round-trip time, in microseconds.
    @inlinable public var rtt: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rtt) }

    /// `tcpi_rttvar`: Round-trip time variance, in microseconds.
    @inlinable public var rttvar: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rttvar) }

    /// `tcpi_snd_ssthresh`: Slow-start threshold, in segments.
    @inlinable public var sndSsthresh: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_snd_ssthresh) }

    /// `tcpi_snd_cwnd`: Congestion window, in segments.
    @inlinable public var sndCwnd: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_snd_cwnd) }

    /// `tcpi_advmss`: Advertised maximum segment size, in bytes.
    @inlinable public var advmss: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_advmss) }

    /// `tcpi_reordering`: Reordering metric, in segments.
    @inlinable public var reordering: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_reordering) }

    /// `tcpi_rcv_rtt`: Receiver-side round-trip time estimate, in microseconds.
    @inlinable public var rcvRtt: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_rtt) }

    /// `tcpi_rcv_space`: Receive-buffer space estimate, in bytes.
    @inlinable public var rcvSpace: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_space) }

    /// `tcpi_total_retrans`: Total retransmitted segments over the connection's life.
    @inlinable public var totalRetrans: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_total_retrans) }

    /// `tcpi_pacing_rate`: Current pacing rate, in bytes per second (Linux 3.15).
    @inlinable public var pacingRate: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_pacing_rate) }

    /// `tcpi_max_pacing_rate`: Maximum pacing rate (`SO_MAX_PACING_RATE`), in bytes per second; `UInt64.max` when unlimited (Linux 3.15).
    @inlinable public var maxPacingRate: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_max_pacing_rate) }

    /// `tcpi_bytes_acked`: Bytes acknowledged by the peer (RFC 4898 tcpEStatsAppHCThruOctetsAcked; Linux 4.1).
    @inlinable public var bytesAcked: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_bytes_acked) }

    /// `tcpi_bytes_received`: Bytes received and acknowledged (RFC 4898 tcpEStatsAppHCThruOctetsReceived; Linux 4.1).
    @inlinable public var bytesReceived: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_bytes_received) }

    /// `tcpi_segs_out`: Segments sent, retransmissions included (Linux 4.2).
    @inlinable public var segsOut: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_segs_out) }

    /// `tcpi_segs_in`: Segments received (Linux 4.2).
    @inlinable public var segsIn: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_segs_in) }

    /// `tcpi_notsent_bytes`: Bytes in the send queue not yet sent (Linux 4.6).
    @inlinable public var notsentBytes: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_notsent_bytes) }

    /// `tcpi_min_rtt`: Minimum round-trip time seen, in microseconds (Linux 4.6).
    @inlinable public var minRtt: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_min_rtt) }

    /// `tcpi_data_segs_in`: Segments received that carried data (Linux 4.6).
    @inlinable public var dataSegsIn: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_data_segs_in) }

    /// `tcpi_data_segs_out`: Segments sent that carried data (Linux 4.6).
    @inlinable public var dataSegsOut: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_data_segs_out) }

    /// `tcpi_delivery_rate`: Most recent delivery rate, in bytes per second (Linux 4.9).
    @inlinable public var deliveryRate: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_delivery_rate) }

    /// `tcpi_busy_time`: Time spent with data in flight, in microseconds (Linux 4.10).
    @inlinable public var busyTime: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_busy_time) }

    /// `tcpi_rwnd_limited`: Time limited by the peer's receive window, in microseconds (Linux 4.10).
    @inlinable public var rwndLimited: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rwnd_limited) }

    /// `tcpi_sndbuf_limited`: Time limited by the send buffer, in microseconds (Linux 4.10).
    @inlinable public var sndbufLimited: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_sndbuf_limited) }

    /// `tcpi_delivered`: Segments delivered, retransmissions included (Linux 4.18).
    @inlinable public var delivered: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_delivered) }

    /// `tcpi_delivered_ce`: Segments delivered with an ECN congestion mark (Linux 4.18).
    @inlinable public var deliveredCe: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_delivered_ce) }

    /// `tcpi_bytes_sent`: Bytes sent, retransmissions included (RFC 4898 tcpEStatsPerfHCDataOctetsOut; Linux 4.19).
    @inlinable public var bytesSent: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_bytes_sent) }

    /// `tcpi_bytes_retrans`: Bytes retransmitted (RFC 4898 tcpEStatsPerfOctetsRetrans; Linux 4.19).
    @inlinable public var bytesRetrans: UInt64? { load(at: LinuxABI.offsetof_tcp_info_tcpi_bytes_retrans) }

    /// `tcpi_dsack_dups`: Duplicate segments reported by DSACK (RFC 4898 tcpEStatsStackDSACKDups; Linux 4.19).
    @inlinable public var dsackDups: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_dsack_dups) }

    /// `tcpi_reord_seen`: Reordering events seen (Linux 4.19).
    @inlinable public var reordSeen: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_reord_seen) }

    /// `tcpi_rcv_ooopack`: Out-of-order packets received (Linux 5.4).
    @inlinable public var rcvOoopack: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_ooopack) }

    /// `tcpi_snd_wnd`: Peer's advertised receive window after scaling, in bytes (Linux 5.4).
    @inlinable public var sndWnd: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_snd_wnd) }

    /// `tcpi_rcv_wnd`: Local advertised receive window after scaling, in bytes (Linux 6.2).
    @inlinable public var rcvWnd: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rcv_wnd) }

    /// `tcpi_rehash`: PLB or timeout-triggered rehash attempts (Linux 6.2).
    @inlinable public var rehash: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_rehash) }

    /// `tcpi_total_rto`: Retransmission timeouts over the connection's life (Linux 6.7).
    @inlinable public var totalRto: UInt16? { load(at: LinuxABI.offsetof_tcp_info_tcpi_total_rto) }

    /// `tcpi_total_rto_recoveries`: Recoveries entered through a timeout (Linux 6.7).
    @inlinable public var totalRtoRecoveries: UInt16? { load(at: LinuxABI.offsetof_tcp_info_tcpi_total_rto_recoveries) }

    /// `tcpi_total_rto_time`: Time spent in timeout recoveries, in milliseconds (Linux 6.7).
    @inlinable public var totalRtoTime: UInt32? { load(at: LinuxABI.offsetof_tcp_info_tcpi_total_rto_time) }
}
#endif
