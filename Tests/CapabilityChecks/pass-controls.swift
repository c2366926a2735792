// expect: compiles
// Positive control: the same calls on the types that have the capability compile, so each
// failure above is about the capability, not about a broken harness.
import Sock

func check(
    tcp: TCPConn,
    listener: TCPListener,
    udp: UDPConn,
    raw: RawConn,
    unix: UnixConn,
    unixListener: UnixListener,
    gram: UnixDatagramConn,
    batch: UDPBatch,
    socket: NetSocket
) throws {
    try tcp.setNoDelay(true)
    try listener.setNoDelay(true)
    try tcp.setKeepAlive(true)
    _ = try tcp.write([1, 2, 3])
    _ = try tcp.tcpInfo()
    try tcp.setCork(true)
    try listener.setDeferAccept(.seconds(1))
    _ = try listener.accept()
    try udp.joinGroup(.v4(IPv4Address(239, 0, 0, 1)))
    try udp.setSegmentSize(1400)
    try udp.setBroadcast(true)
    try raw.setBroadcast(true)
    _ = try udp.receiveMessages(batch)
    _ = try gram.receiveMessages(batch)
    _ = try udp.send([1], to: SockaddrInet4(address: IPv4Address(127, 0, 0, 1), port: 9))
    var b = [UInt8](repeating: 0, count: 8)
    _ = try gram.receive(into: &b)
    _ = try unix.sendDescriptors([0], data: [1])
    _ = try unix.peerCredentials()
    try unix.shutdown(.write)
    _ = try unixListener.accept()
    try unixListener.setPassCredentials(true)
    _ = try unix.read(into: &b, flags: .peek)
    _ = try socket.read(into: &b)
    try socket.setOption(level: .socket, name: OptionName(rawValue: 2), CInt(1))
    _ = try NetSocket(family: .inet, type: .stream, protocol: .tcp)
}
