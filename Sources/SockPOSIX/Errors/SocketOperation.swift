/// The operation a ``SocketError`` comes from; its raw value is the name printed in descriptions.
@frozen
public enum SocketOperation: String, Sendable, Hashable {
    case socket, socketpair, bind, listen, accept, connect, shutdown, close
    case read, write, readv, writev
    case send, receive
    case sendTo = "sendto"
    case receiveFrom = "recvfrom"
    case sendMessage = "sendmsg"
    case receiveMessage = "recvmsg"
    case sendMessages = "sendmmsg"
    case receiveMessages = "recvmmsg"
    case getsockopt, setsockopt, getsockname, getpeername
    case fcntl, poll
    case parseAddress = "parse address"
    case encodeAddress = "encode address"
    case decodeAddress = "decode address"
    case formatAddress = "format address"
    case controlMessage = "control message"
    case dial
    case listenSocket = "listen socket"
    case decodeNotification = "decode notification"
    case eventLoop = "event loop"
    // Event loops (Linux): epoll, io_uring and the mappings of its rings.
    case epollCreate = "epoll_create1"
    case epollControl = "epoll_ctl"
    case epollWait = "epoll_pwait"
    case ioUringSetup = "io_uring_setup"
    case ioUringEnter = "io_uring_enter"
    case ioUringRegister = "io_uring_register"
    case mmap, munmap
}
