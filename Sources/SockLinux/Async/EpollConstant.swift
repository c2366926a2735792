import SockPOSIX

/// The epoll flags the loop uses, as `epoll_event.events` words (from the ABI tables).
enum EpollConstant {
    static let EPOLLIN = UInt32(truncatingIfNeeded: LinuxABI.EPOLLIN)
    static let EPOLLOUT = UInt32(truncatingIfNeeded: LinuxABI.EPOLLOUT)
    static let EPOLLERR = UInt32(truncatingIfNeeded: LinuxABI.EPOLLERR)
    static let EPOLLHUP = UInt32(truncatingIfNeeded: LinuxABI.EPOLLHUP)
    static let EPOLLRDHUP = UInt32(truncatingIfNeeded: LinuxABI.EPOLLRDHUP)
    static let EPOLLET = UInt32(truncatingIfNeeded: LinuxABI.EPOLLET)
    static let EPOLL_CTL_ADD = CInt(LinuxABI.EPOLL_CTL_ADD)
    static let EPOLL_CTL_DEL = CInt(LinuxABI.EPOLL_CTL_DEL)
    static let EPOLL_CTL_MOD = CInt(LinuxABI.EPOLL_CTL_MOD)
}
