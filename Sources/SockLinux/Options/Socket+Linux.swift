#if os(Linux)
import SockPOSIX

// Linux-only socket-level (SOL_SOCKET) options. Each throws `.closed` on a closed socket and
// `.invalidArgument` with `.valueOutOfRange` for a value outside the documented range.

extension Socket {
    /// `SO_BUSY_POLL` (Linux 3.11): how long a blocking receive may busy-poll the device queue
    /// before sleeping, rounded up to whole microseconds (0...`Int32.max` µs; `.zero` turns it off).
    /// Only NAPI drivers benefit; loopback and veth do not. Kernels before 6.x required
    /// CAP_NET_ADMIN to raise it (`.permissionDenied`).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    public func setBusyPoll(_ duration: Duration) throws(SocketError) {
        let us = try DurationUnits.whole(duration, perSecond: 1_000_000, range: 0...Int(Int32.max))
        try setOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_BUSY_POLL, CInt(us))
    }

    /// `SO_BUSY_POLL`, in whole microseconds.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func busyPoll() throws(SocketError) -> Duration {
        .microseconds(try intOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_BUSY_POLL))
    }

    /// `SO_PRIORITY` (Linux 2.2): the queueing priority of outgoing packets (`skb->priority`), used
    /// by traffic control. 0...6 for anyone; higher values need CAP_NET_ADMIN (`.permissionDenied`).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.permissionDenied`, `.closed`.
    public func setPriority(_ priority: Int) throws(SocketError) {
        try setIntOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PRIORITY, priority)
    }

    /// `SO_PRIORITY`.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func priority() throws(SocketError) -> Int {
        try intOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_PRIORITY)
    }

    /// `SO_MARK` (Linux 2.6.25): the firewall mark of outgoing packets, for policy routing and
    /// netfilter. Needs CAP_NET_ADMIN or CAP_NET_RAW (`.permissionDenied`).
    /// Linux-only.
    /// - Throws: `.permissionDenied`, `.closed`.
    public func setMark(_ mark: UInt32) throws(SocketError) {
        try setOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_MARK, CInt(bitPattern: mark))
    }

    /// `SO_MARK`.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func mark() throws(SocketError) -> UInt32 {
        UInt32(bitPattern: try getOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_MARK, as: CInt.self))
    }

    /// `SO_ZEROCOPY` (Linux 4.14; UDP since 5.0): allows sends with `MSG_ZEROCOPY`, whose
    /// completions arrive on the error queue (`receiveError(into:control:)`, origin
    /// `.zeroCopy`). Sock never sends with `MSG_ZEROCOPY` by itself.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func setZeroCopy(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_ZEROCOPY, on)
    }

    /// `SO_ZEROCOPY`.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func zeroCopy() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_ZEROCOPY)
    }

    /// `SO_INCOMING_CPU` (set since Linux 4.4): the CPU whose receive path should handle this
    /// socket, to steer `SO_REUSEPORT` groups (0...`Int32.max`).
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    public func setIncomingCPU(_ cpu: Int) throws(SocketError) {
        try setIntOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_INCOMING_CPU, cpu)
    }

    /// `SO_INCOMING_CPU` (Linux 3.19): the CPU that last handled the socket's receive path, or -1
    /// when unknown.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func incomingCPU() throws(SocketError) -> Int {
        try intOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_INCOMING_CPU)
    }

    /// `SO_RCVLOWAT`: a read (and readiness) waits for at least `bytes` bytes, 1...`Int32.max`.
    /// TCP honours it since Linux 2.4; UDP ignores it.
    /// Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange`, `.closed`.
    public func setReceiveLowWatermark(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SC.SOL_SOCKET, name: SC.SO_RCVLOWAT, bytes, range: 1...Int(Int32.max))
    }

    /// `SO_RCVLOWAT` (default 1).
    /// Linux-only.
    /// - Throws: `.closed`.
    public func receiveLowWatermark() throws(SocketError) -> Int {
        try intOption(level: SC.SOL_SOCKET, name: SC.SO_RCVLOWAT)
    }

    /// `SO_TIMESTAMPNS` (Linux 2.6.22): attach the kernel's receive time, in nanoseconds of the
    /// realtime clock (``ControlMessage/Kind/timestamp(_:)``).
    /// Linux-only.
    /// - Throws: `.closed`.
    public func setReceiveTimestamps(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_TIMESTAMPNS, on)
    }

    /// `SO_TIMESTAMPNS`.
    /// Linux-only.
    /// - Throws: `.closed`.
    public func receiveTimestamps() throws(SocketError) -> Bool {
        try getBoolOption(level: SC.SOL_SOCKET, name: LinuxABI.SO_TIMESTAMPNS)
    }
}
#endif
