#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The struct-valued SCTP options, read and written by the offsets of the generated layouts.
// Every accessor is Linux-only and throws `.closed` on a closed socket and `.invalidArgument` for
// a value (or association id) the kernel refuses.

extension SCTPSocket {
    /// `SCTP_INITMSG`: the streams and INIT retries for associations set up later (set it on a
    /// listener or endpoint before peers connect, or before dialing). Linux-only.
    /// - Throws: also `.invalidArgument` with `.valueOutOfRange` for a timeout over 65535 ms.
    public func setSCTPInitMessage(_ message: SCTPInitMessage) throws(SocketError) {
        try setSCTPStruct(SCTPC.INITMSG, size: LinuxABI.sizeof_sctp_initmsg) { raw throws(SocketError) in
            try message.encode(into: raw)
        }
    }
    /// `SCTP_INITMSG`. Linux-only.
    public func sctpInitMessage() throws(SocketError) -> SCTPInitMessage {
        try getSCTPStruct(SCTPC.INITMSG, size: LinuxABI.sizeof_sctp_initmsg) { raw in SCTPInitMessage(decoding: raw) }
    }

    /// `SCTP_RTOINFO`: the retransmission timeout bounds (zero fields unchanged). Linux-only.
    /// - Throws: also `.invalidArgument` with `.valueOutOfRange` for a negative or too long
    ///   duration, and from the kernel for minimum > maximum.
    public func setSCTPRTOInfo(_ info: SCTPRTOInfo, association: SCTPAssociationID = .future) throws(SocketError) {
        let range = 0...Int(UInt32.max)
        let initial = try DurationUnits.whole(info.initial, perSecond: 1000, range: range)
        let maximum = try DurationUnits.whole(info.maximum, perSecond: 1000, range: range)
        let minimum = try DurationUnits.whole(info.minimum, perSecond: 1000, range: range)
        try setSCTPStruct(SCTPC.RTOINFO, size: LinuxABI.sizeof_sctp_rtoinfo) { raw in
            raw.storeBytes(
                of: association.rawValue,
                toByteOffset: LinuxABI.offsetof_sctp_rtoinfo_srto_assoc_id,
                as: Int32.self
            )
            raw.storeBytes(
                of: UInt32(initial),
                toByteOffset: LinuxABI.offsetof_sctp_rtoinfo_srto_initial,
                as: UInt32.self
            )
            raw.storeBytes(of: UInt32(maximum), toByteOffset: LinuxABI.offsetof_sctp_rtoinfo_srto_max, as: UInt32.self)
            raw.storeBytes(of: UInt32(minimum), toByteOffset: LinuxABI.offsetof_sctp_rtoinfo_srto_min, as: UInt32.self)
        }
    }
    /// `SCTP_RTOINFO`. Linux-only.
    public func sctpRTOInfo(association: SCTPAssociationID = .future) throws(SocketError) -> SCTPRTOInfo {
        try getSCTPStruct(
            SCTPC.RTOINFO,
            size: LinuxABI.sizeof_sctp_rtoinfo,
            association: association,
            at: LinuxABI.offsetof_sctp_rtoinfo_srto_assoc_id,
            { raw in SCTPRTOInfo(decoding: raw) }
        )
    }

    /// `SCTP_ASSOCINFO`: sets ``SCTPAssociationParameters/maxRetransmissions`` and
    /// ``SCTPAssociationParameters/cookieLife`` (zero: unchanged; the read-only fields are
    /// ignored). Linux-only.
    /// - Throws: also `.invalidArgument` with `.valueOutOfRange` for a cookie life over
    ///   `UInt32.max` ms; from the kernel, a retransmission limit above the sum of the paths'.
    public func setSCTPAssociationParameters(
        _ parameters: SCTPAssociationParameters,
        association: SCTPAssociationID = .future
    ) throws(SocketError) {
        let cookie = try DurationUnits.whole(parameters.cookieLife, perSecond: 1000, range: 0...Int(UInt32.max))
        try setSCTPStruct(SCTPC.ASSOCINFO, size: LinuxABI.sizeof_sctp_assocparams) { raw in
            raw.storeBytes(
                of: association.rawValue,
                toByteOffset: LinuxABI.offsetof_sctp_assocparams_sasoc_assoc_id,
                as: Int32.self
            )
            raw.storeBytes(
                of: parameters.maxRetransmissions,
                toByteOffset: LinuxABI.offsetof_sctp_assocparams_sasoc_asocmaxrxt,
                as: UInt16.self
            )
            raw.storeBytes(
                of: UInt32(cookie),
                toByteOffset: LinuxABI.offsetof_sctp_assocparams_sasoc_cookie_life,
                as: UInt32.self
            )
        }
    }
    /// `SCTP_ASSOCINFO`. Linux-only.
    public func sctpAssociationParameters(
        association: SCTPAssociationID = .future
    ) throws(SocketError) -> SCTPAssociationParameters {
        try getSCTPStruct(
            SCTPC.ASSOCINFO,
            size: LinuxABI.sizeof_sctp_assocparams,
            association: association,
            at: LinuxABI.offsetof_sctp_assocparams_sasoc_assoc_id,
            { raw in SCTPAssociationParameters(decoding: raw) }
        )
    }

    /// `SCTP_STATUS`: the association's state, negotiated streams, windows and primary path.
    /// Linux-only.
    /// - Throws: `.invalidArgument` when there is no such association (an unconnected socket).
    public func sctpStatus(association: SCTPAssociationID = .future) throws(SocketError) -> SCTPStatus {
        try getSCTPStruct(
            SCTPC.STATUS,
            size: LinuxABI.sizeof_sctp_status,
            association: association,
            at: LinuxABI.offsetof_sctp_status_sstat_assoc_id,
            { raw throws(SocketError) in try SCTPStatus(decoding: raw) }
        )
    }

    /// `SCTP_PEER_ADDR_PARAMS` for the whole association (or the socket's defaults): heartbeat,
    /// retransmissions, path MTU, delayed SACK. Linux-only.
    /// - Throws: also `.invalidArgument` with `.valueOutOfRange` for a negative or too long
    ///   duration; from the kernel, contradictory flags (enable and disable together).
    public func setSCTPPeerAddressParameters(
        _ parameters: SCTPPeerAddressParameters,
        association: SCTPAssociationID = .future
    ) throws(SocketError) {
        try setPeerAddressParameters(parameters, address: nil as SocketAddress?, association: association)
    }

    /// `SCTP_PEER_ADDR_PARAMS` for one peer address (path) of an association. Linux-only.
    /// - Throws: as ``setSCTPPeerAddressParameters(_:association:)``; `.invalidArgument` when the
    ///   address is not a peer address.
    public func setSCTPPeerAddressParameters(
        _ parameters: SCTPPeerAddressParameters,
        address: some Sockaddr,
        association: SCTPAssociationID = .future
    ) throws(SocketError) {
        try setPeerAddressParameters(parameters, address: address, association: association)
    }

    /// `SCTP_PEER_ADDR_PARAMS` of the association (or the socket's defaults). Linux-only.
    public func sctpPeerAddressParameters(
        association: SCTPAssociationID = .future
    ) throws(SocketError) -> SCTPPeerAddressParameters {
        try peerAddressParameters(address: nil as SocketAddress?, association: association)
    }

    /// `SCTP_PEER_ADDR_PARAMS` of one peer address. Linux-only.
    public func sctpPeerAddressParameters(
        address: some Sockaddr,
        association: SCTPAssociationID = .future
    ) throws(SocketError) -> SCTPPeerAddressParameters {
        try peerAddressParameters(address: address, association: association)
    }

    func setPeerAddressParameters(
        _ parameters: SCTPPeerAddressParameters,
        address: (some Sockaddr)?,
        association: SCTPAssociationID
    ) throws(SocketError) {
        try setSCTPStruct(SCTPC.PEER_ADDR_PARAMS, size: LinuxABI.sizeof_sctp_paddrparams) { raw throws(SocketError) in
            Self.preparePeerAddress(raw, address: address, association: association)
            try parameters.encode(into: raw)
        }
    }

    func peerAddressParameters(
        address: (some Sockaddr)?,
        association: SCTPAssociationID
    ) throws(SocketError) -> SCTPPeerAddressParameters {
        try getSCTPStruct(
            SCTPC.PEER_ADDR_PARAMS,
            size: LinuxABI.sizeof_sctp_paddrparams,
            prepare: { raw in Self.preparePeerAddress(raw, address: address, association: association) },
            { raw in SCTPPeerAddressParameters(decoding: raw) }
        )
    }

    static func preparePeerAddress(
        _ raw: UnsafeMutableRawBufferPointer,
        address: (some Sockaddr)?,
        association: SCTPAssociationID
    ) {
        raw.storeBytes(
            of: association.rawValue,
            toByteOffset: LinuxABI.offsetof_sctp_paddrparams_spp_assoc_id,
            as: Int32.self
        )
        address?.withUnsafeSockaddr { sa, length in
            let count = min(Int(length), LinuxABI.fieldsize_sctp_paddrparams_spp_address)
            let start = LinuxABI.offsetof_sctp_paddrparams_spp_address
            UnsafeMutableRawBufferPointer(rebasing: raw[start..<start + count])
                .copyMemory(from: UnsafeRawBufferPointer(start: sa, count: count))
        }
    }

    /// `SCTP_DEFAULT_SNDINFO`: the send parameters used when a message carries none (plain
    /// `write(_:)`, or `sendMessage(_:info:)`
    /// with `info: nil`). ``SCTPSendInfo/association`` picks the association. Linux-only.
    public func setSCTPDefaultSendInfo(_ info: SCTPSendInfo) throws(SocketError) {
        try setSCTPStruct(SCTPC.DEFAULT_SNDINFO, size: LinuxABI.sizeof_sctp_sndinfo) { raw in info.encode(into: raw) }
    }
    /// `SCTP_DEFAULT_SNDINFO`. Linux-only.
    public func sctpDefaultSendInfo(association: SCTPAssociationID = .future) throws(SocketError) -> SCTPSendInfo {
        try getSCTPStruct(
            SCTPC.DEFAULT_SNDINFO,
            size: LinuxABI.sizeof_sctp_sndinfo,
            association: association,
            at: LinuxABI.offsetof_sctp_sndinfo_snd_assoc_id,
            { raw in SCTPSendInfo(decoding: raw) }
        )
    }
}
#endif
