// expect: inheritance from a final class 'NetSocket'
import Sock

final class MySocket: NetSocket {}
