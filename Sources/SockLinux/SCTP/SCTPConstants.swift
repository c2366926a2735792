#if os(Linux)
import SockPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The SCTP constants Sock uses, in one place. Option numbers, notification types and struct
/// layouts come from the generated kernel ABI table (`LinuxABI`).
///
/// The values at the end are enumerators of `<linux/sctp.h>` (`enum sctp_sac_state`,
/// `enum sctp_spc_state`, `enum sctp_sinfo_flags`, `enum sctp_spp_flags`,
/// `enum sctp_sstat_state`, `enum sctp_spinfo_state`, `enum sctp_ssf_flags`): the extractor only
/// collects macros and internal enumerators, so they are not in the tables yet. They are plain
/// protocol numbers, identical on every architecture.
@usableFromInline
enum SCTPC {
    // MARK: From the ABI table

    @inlinable static var IPPROTO_SCTP: CInt { LinuxABI.IPPROTO_SCTP }
    @inlinable static var SOL_SCTP: CInt { LinuxABI.SOL_SCTP }
    @inlinable static var MSG_EOR: CInt { LinuxABI.MSG_EOR }
    @inlinable static var MSG_NOTIFICATION: CInt { LinuxABI.MSG_NOTIFICATION }

    // Socket options.
    @inlinable static var RTOINFO: CInt { LinuxABI.SCTP_RTOINFO }
    @inlinable static var ASSOCINFO: CInt { LinuxABI.SCTP_ASSOCINFO }
    @inlinable static var INITMSG: CInt { LinuxABI.SCTP_INITMSG }
    @inlinable static var NODELAY: CInt { LinuxABI.SCTP_NODELAY }
    @inlinable static var AUTOCLOSE: CInt { LinuxABI.SCTP_AUTOCLOSE }
    @inlinable static var DISABLE_FRAGMENTS: CInt { LinuxABI.SCTP_DISABLE_FRAGMENTS }
    @inlinable static var PEER_ADDR_PARAMS: CInt { LinuxABI.SCTP_PEER_ADDR_PARAMS }
    @inlinable static var I_WANT_MAPPED_V4_ADDR: CInt { LinuxABI.SCTP_I_WANT_MAPPED_V4_ADDR }
    @inlinable static var MAXSEG: CInt { LinuxABI.SCTP_MAXSEG }
    @inlinable static var STATUS: CInt { LinuxABI.SCTP_STATUS }
    @inlinable static var CONTEXT: CInt { LinuxABI.SCTP_CONTEXT }
    @inlinable static var FRAGMENT_INTERLEAVE: CInt { LinuxABI.SCTP_FRAGMENT_INTERLEAVE }
    @inlinable static var PARTIAL_DELIVERY_POINT: CInt { LinuxABI.SCTP_PARTIAL_DELIVERY_POINT }
    @inlinable static var MAX_BURST: CInt { LinuxABI.SCTP_MAX_BURST }
    @inlinable static var GET_ASSOC_NUMBER: CInt { LinuxABI.SCTP_GET_ASSOC_NUMBER }
    @inlinable static var RECVRCVINFO: CInt { LinuxABI.SCTP_RECVRCVINFO }
    @inlinable static var DEFAULT_SNDINFO: CInt { LinuxABI.SCTP_DEFAULT_SNDINFO }
    @inlinable static var EVENT: CInt { LinuxABI.SCTP_EVENT }
    @inlinable static var SOCKOPT_BINDX_ADD: CInt { LinuxABI.SCTP_SOCKOPT_BINDX_ADD }
    @inlinable static var SOCKOPT_BINDX_REM: CInt { LinuxABI.SCTP_SOCKOPT_BINDX_REM }
    @inlinable static var SOCKOPT_CONNECTX: CInt { LinuxABI.SCTP_SOCKOPT_CONNECTX }
    @inlinable static var GET_PEER_ADDRS: CInt { LinuxABI.SCTP_GET_PEER_ADDRS }
    @inlinable static var GET_LOCAL_ADDRS: CInt { LinuxABI.SCTP_GET_LOCAL_ADDRS }

    // Control-message types (cmsg_level SOL_SCTP).
    @inlinable static var SNDINFO: CInt { LinuxABI.SCTP_SNDINFO }
    @inlinable static var RCVINFO: CInt { LinuxABI.SCTP_RCVINFO }

    // MARK: enumerators of <linux/sctp.h> (not in the tables; see the type's documentation)

    // enum sctp_sinfo_flags
    @inlinable static var UNORDERED: UInt16 { 1 << 0 }
    @inlinable static var ADDR_OVER: UInt16 { 1 << 1 }
    @inlinable static var ABORT: UInt16 { 1 << 2 }
    @inlinable static var SACK_IMMEDIATELY: UInt16 { 1 << 3 }
    @inlinable static var SENDALL: UInt16 { 1 << 6 }
    @inlinable static var PR_SCTP_ALL: UInt16 { 1 << 7 }
    /// `SCTP_EOF` = `MSG_FIN`.
    @inlinable static var EOF: UInt16 { 0x200 }

    // enum sctp_sac_state
    @inlinable static var COMM_UP: UInt16 { 0 }
    @inlinable static var COMM_LOST: UInt16 { 1 }
    @inlinable static var RESTART: UInt16 { 2 }
    @inlinable static var SHUTDOWN_COMP: UInt16 { 3 }
    @inlinable static var CANT_STR_ASSOC: UInt16 { 4 }

    // enum sctp_spc_state
    @inlinable static var ADDR_AVAILABLE: Int32 { 0 }
    @inlinable static var ADDR_UNREACHABLE: Int32 { 1 }
    @inlinable static var ADDR_REMOVED: Int32 { 2 }
    @inlinable static var ADDR_ADDED: Int32 { 3 }
    @inlinable static var ADDR_MADE_PRIM: Int32 { 4 }
    @inlinable static var ADDR_CONFIRMED: Int32 { 5 }
    @inlinable static var ADDR_POTENTIALLY_FAILED: Int32 { 6 }

    // enum sctp_ssf_flags
    @inlinable static var DATA_UNSENT: UInt16 { 0 }
    @inlinable static var DATA_SENT: UInt16 { 1 }

    // enum sctp_spp_flags
    @inlinable static var SPP_HB_ENABLE: UInt32 { 1 << 0 }
    @inlinable static var SPP_HB_DISABLE: UInt32 { 1 << 1 }
    @inlinable static var SPP_HB_DEMAND: UInt32 { 1 << 2 }
    @inlinable static var SPP_PMTUD_ENABLE: UInt32 { 1 << 3 }
    @inlinable static var SPP_PMTUD_DISABLE: UInt32 { 1 << 4 }
    @inlinable static var SPP_SACKDELAY_ENABLE: UInt32 { 1 << 5 }
    @inlinable static var SPP_SACKDELAY_DISABLE: UInt32 { 1 << 6 }
    @inlinable static var SPP_HB_TIME_IS_ZERO: UInt32 { 1 << 7 }
    @inlinable static var SPP_IPV6_FLOWLABEL: UInt32 { 1 << 8 }
    @inlinable static var SPP_DSCP: UInt32 { 1 << 9 }

    // enum sctp_sstat_state
    @inlinable static var STATE_EMPTY: Int32 { 0 }
    @inlinable static var STATE_CLOSED: Int32 { 1 }
    @inlinable static var STATE_COOKIE_WAIT: Int32 { 2 }
    @inlinable static var STATE_COOKIE_ECHOED: Int32 { 3 }
    @inlinable static var STATE_ESTABLISHED: Int32 { 4 }
    @inlinable static var STATE_SHUTDOWN_PENDING: Int32 { 5 }
    @inlinable static var STATE_SHUTDOWN_SENT: Int32 { 6 }
    @inlinable static var STATE_SHUTDOWN_RECEIVED: Int32 { 7 }
    @inlinable static var STATE_SHUTDOWN_ACK_SENT: Int32 { 8 }

    // enum sctp_spinfo_state
    @inlinable static var PATH_INACTIVE: Int32 { 0 }
    @inlinable static var PATH_PF: Int32 { 1 }
    @inlinable static var PATH_ACTIVE: Int32 { 2 }
    @inlinable static var PATH_UNCONFIRMED: Int32 { 3 }
    @inlinable static var PATH_UNKNOWN: Int32 { 0xffff }
}
#endif
