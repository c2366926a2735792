// expect: value of type 'UnixConn' has no member 'tcpInfo'
import Sock

func check(_ conn: UnixConn) throws { _ = try conn.tcpInfo() }
