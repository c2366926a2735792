#if os(Linux)
import SockPOSIX

extension TCPInfo: CustomStringConvertible {
    /// A one-line summary, e.g.
    /// `ESTABLISHED ca=Open rtt=64/32µs rto=201000µs mss=32768/536 cwnd=10 unacked=0 retrans=0/0
    /// sent=100000 acked=100000 received=0 (280 bytes)`; fields the kernel did not fill print `-`.
    public var description: String {
        func text(_ value: (some CustomStringConvertible)?) -> String { value.map { "\($0)" } ?? "-" }
        return "\(text(state)) ca=\(text(caState)) rtt=\(text(rtt))/\(text(rttvar))µs rto=\(text(rto))µs"
            + " mss=\(text(sndMss))/\(text(rcvMss)) cwnd=\(text(sndCwnd)) unacked=\(text(unacked))"
            + " retrans=\(text(retrans))/\(text(totalRetrans)) sent=\(text(bytesSent))"
            + " acked=\(text(bytesAcked)) received=\(text(bytesReceived)) (\(length) bytes)"
    }
}
#endif
