#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The simple SCTP options (`SOL_SCTP`), named after the Go seed's `SetSCTP...` / `GetSCTP...`.
// Every accessor is Linux-only and throws `.closed` on a closed socket; `.invalidArgument` is the
// kernel refusing a value (or an association id that does not exist on a one-to-many socket).

extension SCTPSocket {
    /// `SCTP_NODELAY`: send small messages at once instead of bundling (Nagle off). Linux-only.
    public func setSCTPNoDelay(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.NODELAY, on)
    }
    /// `SCTP_NODELAY`. Linux-only.
    public func sctpNoDelay() throws(SocketError) -> Bool {
        try getBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.NODELAY)
    }

    /// `SCTP_DISABLE_FRAGMENTS`: refuse (`.messageTooLarge`) messages that would need
    /// fragmentation instead of fragmenting them. Linux-only.
    public func setSCTPDisableFragments(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.DISABLE_FRAGMENTS, on)
    }
    /// `SCTP_DISABLE_FRAGMENTS`. Linux-only.
    public func sctpDisableFragments() throws(SocketError) -> Bool {
        try getBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.DISABLE_FRAGMENTS)
    }

    /// `SCTP_I_WANT_MAPPED_V4_ADDR` (IPv6 sockets): report IPv4 peers as `::ffff:a.b.c.d`
    /// (on by default in Linux). Linux-only.
    /// - Throws: also `.invalidArgument` on an IPv4 socket.
    public func setSCTPMappedV4(_ on: Bool) throws(SocketError) {
        try setBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.I_WANT_MAPPED_V4_ADDR, on)
    }
    /// `SCTP_I_WANT_MAPPED_V4_ADDR`. Linux-only.
    public func sctpMappedV4() throws(SocketError) -> Bool {
        try getBoolOption(level: SCTPC.SOL_SCTP, name: SCTPC.I_WANT_MAPPED_V4_ADDR)
    }

    /// `SCTP_FRAGMENT_INTERLEAVE`: how partial deliveries of different messages may interleave:
    /// 0 (none), 1 (between associations), 2 (between streams). Linux stores 2 as 1 unless
    /// stream interleaving (I-DATA) is enabled. Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` outside 0...2.
    public func setSCTPFragmentInterleave(_ level: Int) throws(SocketError) {
        try setIntOption(level: SCTPC.SOL_SCTP, name: SCTPC.FRAGMENT_INTERLEAVE, level, range: 0...2)
    }
    /// `SCTP_FRAGMENT_INTERLEAVE`. Linux-only.
    public func sctpFragmentInterleave() throws(SocketError) -> Int {
        try intOption(level: SCTPC.SOL_SCTP, name: SCTPC.FRAGMENT_INTERLEAVE)
    }

    /// `SCTP_PARTIAL_DELIVERY_POINT`: the size in bytes at which the kernel starts delivering a
    /// message that does not fit the receive buffer in pieces. Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` for a negative value or one above
    ///   `Int32.max`; `.invalidArgument` from the kernel for a value above the receive buffer.
    public func setSCTPPartialDeliveryPoint(_ bytes: Int) throws(SocketError) {
        try setIntOption(level: SCTPC.SOL_SCTP, name: SCTPC.PARTIAL_DELIVERY_POINT, bytes)
    }
    /// `SCTP_PARTIAL_DELIVERY_POINT`. Linux-only.
    public func sctpPartialDeliveryPoint() throws(SocketError) -> Int {
        let value: UInt32 = try getOption(level: SCTPC.SOL_SCTP, name: SCTPC.PARTIAL_DELIVERY_POINT)
        return Int(value)
    }

    /// `SCTP_AUTOCLOSE` (one-to-many sockets): close associations idle for `timeout` (whole
    /// seconds); nil or zero turns it off. Linux-only.
    /// - Throws: `.notSupported` on a one-to-one socket (the kernel refuses it there),
    ///   `.invalidArgument` with `.valueOutOfRange` for a negative or too long timeout.
    public func setSCTPAutoclose(_ timeout: Duration?) throws(SocketError) {
        let seconds = try DurationUnits.whole(timeout ?? .zero, perSecond: 1, range: 0...Int(Int32.max))
        try setIntOption(level: SCTPC.SOL_SCTP, name: SCTPC.AUTOCLOSE, seconds)
    }
    /// `SCTP_AUTOCLOSE`: nil when off. Linux-only.
    public func sctpAutoclose() throws(SocketError) -> Duration? {
        let seconds = try intOption(level: SCTPC.SOL_SCTP, name: SCTPC.AUTOCLOSE)
        return seconds == 0 ? nil : .seconds(seconds)
    }

    /// `SCTP_MAXSEG` (as `struct sctp_assoc_value`): the largest DATA chunk payload; 0 means the
    /// path MTU decides. Linux-only.
    /// - Throws: `.invalidArgument` (a value below the kernel's minimum or above the MTU allows),
    ///   `.invalidArgument` with `.valueOutOfRange` outside 0...UInt32.max.
    public func setSCTPMaxSegment(_ bytes: Int, association: SCTPAssociationID = .future) throws(SocketError) {
        guard let value = UInt32(exactly: bytes) else { throw .invalid(.valueOutOfRange, .setsockopt) }
        try setAssocValue(SCTPC.MAXSEG, value, association: association)
    }
    /// `SCTP_MAXSEG`. Linux-only.
    public func sctpMaxSegment(association: SCTPAssociationID = .future) throws(SocketError) -> Int {
        Int(try assocValue(SCTPC.MAXSEG, association: association))
    }

    /// `SCTP_MAX_BURST` (as `struct sctp_assoc_value`): packets sent in one burst; 0 means no
    /// limit. Linux-only.
    /// - Throws: `.invalidArgument` with `.valueOutOfRange` outside 0...UInt32.max.
    public func setSCTPMaxBurst(_ packets: Int, association: SCTPAssociationID = .future) throws(SocketError) {
        guard let value = UInt32(exactly: packets) else { throw .invalid(.valueOutOfRange, .setsockopt) }
        try setAssocValue(SCTPC.MAX_BURST, value, association: association)
    }
    /// `SCTP_MAX_BURST`. Linux-only.
    public func sctpMaxBurst(association: SCTPAssociationID = .future) throws(SocketError) -> Int {
        Int(try assocValue(SCTPC.MAX_BURST, association: association))
    }

    /// `SCTP_CONTEXT` (as `struct sctp_assoc_value`, which the kernel requires; the Go seed's int
    /// form always failed): an opaque value the kernel reports in ``SCTPReceiveInfo/context``.
    /// Linux-only.
    public func setSCTPContext(_ context: UInt32, association: SCTPAssociationID = .future) throws(SocketError) {
        try setAssocValue(SCTPC.CONTEXT, context, association: association)
    }
    /// `SCTP_CONTEXT`. Linux-only.
    public func sctpContext(association: SCTPAssociationID = .future) throws(SocketError) -> UInt32 {
        try assocValue(SCTPC.CONTEXT, association: association)
    }

    /// `SCTP_GET_ASSOC_NUMBER`: how many associations a one-to-many socket has. Linux-only.
    /// - Throws: `.invalidArgument` on a one-to-one socket.
    public func sctpAssociationCount() throws(SocketError) -> Int {
        let count: UInt32 = try getOption(level: SCTPC.SOL_SCTP, name: SCTPC.GET_ASSOC_NUMBER)
        return Int(count)
    }
}
#endif
