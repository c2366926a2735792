#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// The two shapes every struct-valued SCTP option has: fill a zeroed stack buffer of the struct's
// size and set it, or fill the input fields (usually the association id) and read the struct back.
extension SCTPSocket {
    /// `setsockopt(SOL_SCTP, name)` with a `size`-byte struct built by `fill` in a zeroed buffer.
    func setSCTPStruct(
        _ name: CInt,
        size: Int,
        _ fill: (UnsafeMutableRawBufferPointer) throws(SocketError) -> Void
    ) throws(SocketError) {
        try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { raw throws(SocketError) in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            try fill(raw)
            try setOption(level: SCTPC.SOL_SCTP, name: name, bytes: UnsafeRawBufferPointer(raw))
        }
    }

    /// `getsockopt(SOL_SCTP, name)` of a `size`-byte struct whose input fields `prepare` sets in a
    /// zeroed buffer; `decode` reads the bytes the kernel returned (nil: too short).
    func getSCTPStruct<R>(
        _ name: CInt,
        size: Int,
        prepare: (UnsafeMutableRawBufferPointer) -> Void = { _ in },
        _ decode: (UnsafeRawBufferPointer) throws(SocketError) -> R?
    ) throws(SocketError) -> R {
        try withUnsafeTemporaryAllocation(byteCount: size, alignment: 8) { raw throws(SocketError) -> R in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            prepare(raw)
            let length = try getOption(level: SCTPC.SOL_SCTP, name: name, into: raw)
            guard let value = try decode(UnsafeRawBufferPointer(rebasing: raw[0..<min(length, size)])) else {
                throw SocketError(.invalidArgument, operation: .getsockopt, detail: .bufferTooSmall)
            }
            return value
        }
    }

    /// `getSCTPStruct` for the usual input: the association id (`Int32`) at `offset`.
    func getSCTPStruct<R>(
        _ name: CInt,
        size: Int,
        association: SCTPAssociationID,
        at offset: Int,
        _ decode: (UnsafeRawBufferPointer) throws(SocketError) -> R?
    ) throws(SocketError) -> R {
        try getSCTPStruct(
            name,
            size: size,
            prepare: { raw in raw.storeBytes(of: association.rawValue, toByteOffset: offset, as: Int32.self) },
            decode
        )
    }

    /// Sets a `struct sctp_assoc_value` option (`SCTP_CONTEXT`, `SCTP_MAXSEG`, `SCTP_MAX_BURST`).
    func setAssocValue(_ name: CInt, _ value: UInt32, association: SCTPAssociationID) throws(SocketError) {
        try setSCTPStruct(name, size: LinuxABI.sizeof_sctp_assoc_value) { raw in
            raw.storeBytes(
                of: association.rawValue,
                toByteOffset: LinuxABI.offsetof_sctp_assoc_value_assoc_id,
                as: Int32.self
            )
            raw.storeBytes(of: value, toByteOffset: LinuxABI.offsetof_sctp_assoc_value_assoc_value, as: UInt32.self)
        }
    }

    /// Reads a `struct sctp_assoc_value` option.
    func assocValue(_ name: CInt, association: SCTPAssociationID) throws(SocketError) -> UInt32 {
        try getSCTPStruct(
            name,
            size: LinuxABI.sizeof_sctp_assoc_value,
            association: association,
            at: LinuxABI.offsetof_sctp_assoc_value_assoc_id,
            { raw in Self.assocValue(decoding: raw) }
        )
    }

    /// The `assoc_value` of a `struct sctp_assoc_value` the kernel returned; nil when the bytes
    /// are too short. `package` for the fuzz targets.
    package static func assocValue(decoding raw: UnsafeRawBufferPointer) -> UInt32? {
        raw.field(at: LinuxABI.offsetof_sctp_assoc_value_assoc_value, as: UInt32.self)
    }
}
#endif
