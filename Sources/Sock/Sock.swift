// Sock: the umbrella module. `import Sock` gives the portable core (SockPOSIX) everywhere and the
// Linux extras (SockLinux) on Linux.
@_exported import SockPOSIX

#if os(Linux)
@_exported import SockLinux
#endif
