#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An SCTP association identifier (`sctp_assoc_t`), as the kernel reports it in received
/// messages (`SCTP_RCVINFO`) and notifications, and as options and sends of a one-to-many
/// ``SCTPEndpoint`` take it to pick an association. Linux-only.
///
/// On a one-to-one socket (``SCTPConn``, ``SCTPListener``) the kernel ignores it: options apply to
/// the socket's single association. The special values address groups of associations:
/// ``future`` (`SCTP_FUTURE_ASSOC`: the defaults for associations created later),
/// ``current`` (`SCTP_CURRENT_ASSOC`) and ``all`` (`SCTP_ALL_ASSOC`). Real ids are larger.
@frozen
public struct SCTPAssociationID: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The kernel's `sctp_assoc_t`.
    public var rawValue: Int32

    /// Wraps a raw kernel value.

    /// Wraps a raw kernel value.
    @inlinable
    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// `SCTP_FUTURE_ASSOC` (0): the socket's defaults, for associations set up later; on a
    /// one-to-one socket, its association.
    @inlinable public static var future: SCTPAssociationID { SCTPAssociationID(rawValue: LinuxABI.SCTP_FUTURE_ASSOC) }
    /// `SCTP_CURRENT_ASSOC` (1): every existing association (setters only).
    @inlinable public static var current: SCTPAssociationID {
        SCTPAssociationID(rawValue: LinuxABI.SCTP_CURRENT_ASSOC)
    }
    /// `SCTP_ALL_ASSOC` (2): existing and future associations (setters only).
    @inlinable public static var all: SCTPAssociationID { SCTPAssociationID(rawValue: LinuxABI.SCTP_ALL_ASSOC) }

    /// The decimal id.
    public var description: String { "\(rawValue)" }
}
#endif
