#if os(Linux)
import Sock
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LinuxExtrasExample {
    @Test func passingADescriptor() throws {
        // README: fd-passing
        // SCM_RIGHTS over a Unix socket: the receiver gets its own descriptor for the same file.
        let (a, b) = try UnixConn.pair()
        let (kept, given) = try UnixConn.pair()  // any descriptor can travel; here a socket
        _ = try a.sendDescriptors([given.fileDescriptor], data: Array("fd".utf8))

        var data = [UInt8](repeating: 0, count: 16)
        var descriptors = [CInt](repeating: -1, count: 4)
        b.setReadDeadline(.after(.seconds(1)))
        let received = try data.withUnsafeMutableBytes { bytes in
            try descriptors.withUnsafeMutableBufferPointer { try b.receiveDescriptors(into: bytes, descriptors: $0) }
        }
        // received.descriptorCount == 1; descriptors[0] is open, close-on-exec, and ours to close.
        let adopted = try UnixConn(NetSocket(adopting: descriptors[0]))  // family and type from the kernel
        // END README

        #expect(received.count == 2)
        #expect(received.descriptorCount == 1)
        #expect(adopted.network == .unix)
        #expect(try adopted.isCloseOnExec())
        _ = try adopted.write(Array("via the copy".utf8))
        kept.setReadDeadline(.after(.seconds(1)))
        #expect(try kept.read(into: &data) == 12)
        #expect(try b.peerCredentials().pid == getpid())
        for socket in [a, b, kept, given, adopted] { socket.close() }
    }

    @Test func joiningAMulticastGroup() throws {
        // README: multicast
        // Membership only (no datagram leaves): join a group on the loopback interface.
        let socket = try UDPConn.listen("0.0.0.0:0")
        let group = try IPAddress(parsing: "239.255.10.1")
        try socket.joinGroup(group, on: .address(.loopback))  // IP_ADD_MEMBERSHIP / MCAST_JOIN_GROUP
        try socket.setMulticastLoop(true)  // IP_MULTICAST_LOOP
        try socket.leaveGroup(group, on: .address(.loopback))
        // END README

        #expect(try socket.multicastLoop())
        socket.close()
    }
}
#endif
