// TCP_INFO decoding from buffers of any length (an older kernel returns fewer bytes): a field is
// nil exactly when the returned length does not cover it, present fields equal the raw bytes, and
// nothing reads outside the bytes given.

import SockLinux
import SockPOSIX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCPInfo(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    withExactCopy(UnsafeRawBufferPointer(start: data, count: size)) { bytes in
        let info = TCPInfo(parsing: bytes)
        let covered = min(bytes.count, TCPInfo.capacity)
        require(info.length == covered, "length \(info.length) for \(bytes.count) bytes")
        func check<T: FixedWidthInteger>(_ value: T?, _ offset: Int, _ name: String) {
            let present = offset + MemoryLayout<T>.size <= covered
            require((value != nil) == present, "\(name) presence wrong at length \(covered)")
            if let value {
                require(value == bytes.loadUnaligned(fromByteOffset: offset, as: T.self), "\(name) value")
            }
        }
        check(info.state?.rawValue, LinuxABI.offsetof_tcp_info_tcpi_state, "state")
        check(info.caState?.rawValue, LinuxABI.offsetof_tcp_info_tcpi_ca_state, "ca_state")
        check(info.options?.rawValue, LinuxABI.offsetof_tcp_info_tcpi_options, "options")
        check(info.retransmits, LinuxABI.offsetof_tcp_info_tcpi_retransmits, "retransmits")
        check(info.rto, LinuxABI.offsetof_tcp_info_tcpi_rto, "rto")
        check(info.rtt, LinuxABI.offsetof_tcp_info_tcpi_rtt, "rtt")
        check(info.totalRetrans, LinuxABI.offsetof_tcp_info_tcpi_total_retrans, "total_retrans")
        check(info.pacingRate, LinuxABI.offsetof_tcp_info_tcpi_pacing_rate, "pacing_rate")
        check(info.bytesAcked, LinuxABI.offsetof_tcp_info_tcpi_bytes_acked, "bytes_acked")
        check(info.deliveryRate, LinuxABI.offsetof_tcp_info_tcpi_delivery_rate, "delivery_rate")
        check(info.bytesRetrans, LinuxABI.offsetof_tcp_info_tcpi_bytes_retrans, "bytes_retrans")
        check(info.sndWnd, LinuxABI.offsetof_tcp_info_tcpi_snd_wnd, "snd_wnd")
        check(info.rcvWnd, LinuxABI.offsetof_tcp_info_tcpi_rcv_wnd, "rcv_wnd")
        check(info.totalRto, LinuxABI.offsetof_tcp_info_tcpi_total_rto, "total_rto")
        check(info.totalRtoTime, LinuxABI.offsetof_tcp_info_tcpi_total_rto_time, "total_rto_time")
        // The AccECN counters (Linux 6.18), at the hand-kept offsets past the tables.
        check(info.receivedCe, TCPInfoAccECNOffsets.receivedCe, "received_ce")
        check(info.deliveredE1Bytes, TCPInfoAccECNOffsets.deliveredE1Bytes, "delivered_e1_bytes")
        check(info.deliveredE0Bytes, TCPInfoAccECNOffsets.deliveredE0Bytes, "delivered_e0_bytes")
        check(info.deliveredCeBytes, TCPInfoAccECNOffsets.deliveredCeBytes, "delivered_ce_bytes")
        check(info.receivedE1Bytes, TCPInfoAccECNOffsets.receivedE1Bytes, "received_e1_bytes")
        check(info.receivedE0Bytes, TCPInfoAccECNOffsets.receivedE0Bytes, "received_e0_bytes")
        check(info.receivedCeBytes, TCPInfoAccECNOffsets.receivedCeBytes, "received_ce_bytes")
        // Bit fields: present when their byte is covered, and within their width.
        let wscaleByte = LinuxABI.bitoffset_tcp_info_tcpi_snd_wscale / 8
        require((info.sndWscale != nil) == (wscaleByte < covered), "snd_wscale presence")
        require((info.sndWscale ?? 0) < 16 && (info.rcvWscale ?? 0) < 16, "wscale width")
        require((info.fastOpenClientFail ?? 0) < 4, "fastopen_client_fail width")
        _ = info.deliveryRateAppLimited
        // Every public field and the summary, for the sanitizer's eyes.
        _ = info.description
        // Raw loads at any offset, including negative and huge ones.
        let offsets = [
            -8, -1, 0, covered - 8, covered - 1, covered, TCPInfo.capacity - 8, TCPInfo.capacity, Int.max - 4,
        ]
        for offset in offsets {
            let v = info.load(UInt64.self, at: offset)
            require((v != nil) == (offset >= 0 && offset <= covered - 8), "load at \(offset) of \(covered)")
            _ = info.load(UInt8.self, at: offset)
        }
        info.withUnsafeBytes { require($0.count == covered, "withUnsafeBytes count") }
        return 0
    }
}
