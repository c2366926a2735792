// TEMPORARY: C-shim stand-ins for the seam's epoll wrappers (Sys+EventLoop.swift, from the ABI
// tables), with the same names and signatures. Deleted when those land.
import CPlatform
import SockPOSIX

extension Sys {
    package static func epollCreate() -> Int { cplatform_tmp_epoll_create() }

    package static func epollCtl(_ epfd: CInt, _ op: CInt, _ fd: CInt, _ events: UInt32, _ data: UInt64) -> Int {
        cplatform_tmp_epoll_ctl(epfd, op, fd, events, data)
    }

    package static func epollWait(
        _ epfd: CInt,
        _ events: UnsafeMutableRawPointer,
        _ maxEvents: CInt,
        _ timeoutMilliseconds: CInt
    ) -> Int {
        cplatform_tmp_epoll_wait(epfd, events, maxEvents, timeoutMilliseconds)
    }
}

package enum EpollEvent {
    package static var size: Int { Int(cplatform_tmp_epoll_event_size()) }
    package static func events(_ base: UnsafeRawPointer, _ i: Int) -> UInt32 {
        cplatform_tmp_epoll_event_events(base, i)
    }
    package static func data(_ base: UnsafeRawPointer, _ i: Int) -> UInt64 {
        cplatform_tmp_epoll_event_data(base, i)
    }
}

/// TEMPORARY: epoll constants (identical on the four arches); from the ABI tables once they land.
enum EpollConstant {
    static let EPOLLIN: UInt32 = 0x001
    static let EPOLLOUT: UInt32 = 0x004
    static let EPOLLERR: UInt32 = 0x008
    static let EPOLLHUP: UInt32 = 0x010
    static let EPOLLRDHUP: UInt32 = 0x2000
    static let EPOLLET: UInt32 = 1 << 31
    static let EPOLL_CTL_ADD: CInt = 1
    static let EPOLL_CTL_DEL: CInt = 2
}
