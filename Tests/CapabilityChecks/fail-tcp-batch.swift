// expect: requires that 'TCPConn' conform to 'DatagramSocket'
// expect: value of type 'TCPConn' has no member 'receiveMessages'
import Sock

func check(_ tcp: TCPConn, _ batch: UDPBatch) throws { _ = try tcp.receiveMessages(batch) }
