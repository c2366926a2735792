// gso-gro: UDP segmentation offload, send and receive. C baseline: baseline/w_gso_gro.c.

import Sock

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One op = one 61,600-byte `write` on a connected `UDPConn` with `setSegmentSize(1400)`
/// (UDP_SEGMENT, 44 segments) plus the `receiveMessage` receives (`setGRO(true)`, 64 KiB buffer and a
/// control buffer, segment size read from the UDP_GRO control message with SockLinux's
/// `ControlMessages.groSegmentSize`) that bring all 61,600 bytes back; on `.wouldBlock` wait for
/// readability. One thread, 127.0.0.1. The measurement carries `bytesPerOp: 61_600`.
func gsoGro(_ parameters: RunParameters) -> Measurement {
    let segment = 1400
    let total = 44 * segment
    let receiver: UDPConn
    let sender: UDPConn
    do throws(SocketError) {
        receiver = try UDPConn.listen(UDPAddr(ip: .v4(IPv4Address(127, 0, 0, 1)), port: 0))
        do throws(SocketError) {
            try receiver.setOption(level: .socket, name: OptionName(rawValue: CInt(SO_RCVBUFFORCE)), CInt(32 << 20))
        } catch {
            try receiver.setReceiveBufferSize(4 << 20)
        }
        try receiver.setGRO(true)
        sender = try UDPConn.dial(try receiver.endpoint())
        try sender.setSegmentSize(segment)
    } catch {
        fail("gso-gro: setup: \(error)")
    }
    let payload = UnsafeMutableRawBufferPointer.allocate(byteCount: total, alignment: 16)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
    let control = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 16)
    defer {
        payload.deallocate()
        buffer.deallocate()
        control.deallocate()
    }
    payload.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "g"))
    buffer.initializeMemory(as: UInt8.self, repeating: 0)
    control.initializeMemory(as: UInt8.self, repeating: 0)
    let out = UnsafeRawBufferPointer(payload)
    // CMSG_SPACE(sizeof(int)), as the C baseline's control buffer.
    let controlView = UnsafeMutableRawBufferPointer(rebasing: control[0..<ControlMessageLayout.space(4)])
    var receives = 0
    for _ in 0..<parameters.warmup { receives += one(sender, receiver, out, buffer, controlView, segment) }
    receives = 0
    var result = measure(parameters) { _ in
        receives += one(sender, receiver, out, buffer, controlView, segment)
    }
    if receives != parameters.iterations {
        printError(
            "gso-gro: \(decimal(Double(receives) / Double(parameters.iterations), digits: 2)) receives per op "
                + "(GRO did not always coalesce)"
        )
    }
    sender.close()
    receiver.close()
    result.bytesPerOp = Double(total)
    return result
}

/// One segmented send and the GRO receives that return it; returns the number of receives.
@inline(__always)
private func one(
    _ sender: UDPConn,
    _ receiver: UDPConn,
    _ payload: UnsafeRawBufferPointer,
    _ buffer: UnsafeMutableRawBufferPointer,
    _ control: UnsafeMutableRawBufferPointer,
    _ segment: Int
) -> Int {
    var receives = 0
    do throws(SocketError) {
        let sent = try sender.write(payload)
        guard sent == payload.count else { fail("gso-gro: send returned \(sent)") }
        var got = 0
        while got < payload.count {
            do throws(SocketError) {
                let message = try receiver.receiveMessage(into: buffer, control: control)
                let size = ControlMessages(control, count: message.controlCount).groSegmentSize ?? 0
                guard size == 0 || size == segment else { fail("gso-gro: segment size \(size), expected \(segment)") }
                got += message.count
                receives += 1
            } catch  where error.code == .wouldBlock {
                _ = try receiver.waitReady(.read, until: .after(.seconds(5)))
            }
        }
        guard got == payload.count else { fail("gso-gro: received \(got) bytes for one \(payload.count)-byte send") }
    } catch {
        fail("gso-gro: \(error)")
    }
    return receives
}
