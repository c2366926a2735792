// expect: value of type 'RawConn' has no member 'setGRO'
import Sock

func check(_ raw: RawConn) throws { try raw.setGRO(true) }
