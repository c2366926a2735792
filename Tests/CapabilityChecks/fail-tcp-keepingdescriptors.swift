// expect: value of type 'TCPConn' has no member 'receiveMessages'
// expect: requires that 'TCPConn' conform to 'UnixSocket'
import Sock
func check(_ tcp: TCPConn, _ batch: UDPBatch) throws { _ = try tcp.receiveMessages(batch, keepingDescriptors: true) }
