// The event-loop syscall seam (Sys+EventLoop.swift): an epoll set built with the table's layout of
// `struct epoll_event` (packed on x86_64) reports a readable socketpair end with its data word.

#if os(Linux)
import SockPOSIX
import Testing

@Suite("epoll through the syscall seam")
struct EpollSyscallTests {
    @Test("the table's struct epoll_event: 12 bytes, data at 4 on x86_64; 16 bytes, data at 8 elsewhere")
    func layout() {
        #if arch(x86_64)
        #expect(EpollEvent.size == 12)
        #expect(LinuxABI.offsetof_epoll_event_data == 4)
        #else
        #expect(EpollEvent.size == 16)
        #expect(LinuxABI.offsetof_epoll_event_data == 8)
        #endif
    }

    @Test("a readable socketpair end is reported with EPOLLIN and its data word; MOD and DEL work")
    func readableSocketpair() throws {
        let (a, b) = try UnixConn.pair()
        defer {
            a.close()
            b.close()
        }
        let epfd = try Sys.descriptor(.epollCreate) { Sys.epollCreate() }
        defer { _ = Sys.close(epfd) }
        let word: UInt64 = 0xDEAD_BEEF_0123_4567  // both halves must survive the packed layout
        let events = UInt32(LinuxABI.EPOLLIN) | UInt32(truncatingIfNeeded: LinuxABI.EPOLLET)
        _ = try Sys.check(.epollControl) { Sys.epollCtl(epfd, LinuxABI.EPOLL_CTL_ADD, a.fileDescriptor, events, word) }

        // Room for 4 entries plus a canary entry after them.
        let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: 5 * EpollEvent.size, alignment: 8)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 0xA5)
        let base = raw.baseAddress!
        do {
            #expect(try Sys.check(.epollWait) { Sys.epollWait(epfd, base, 4, 0) } == 0, "nothing to read yet")

            _ = try b.write(Array("ping".utf8))
            let n = try Sys.check(.epollWait) { Sys.epollWait(epfd, base, 4, 2000) }
            #expect(n == 1)
            #expect(EpollEvent.events(base, 0) & UInt32(LinuxABI.EPOLLIN) != 0)
            #expect(EpollEvent.events(base, 0) & UInt32(LinuxABI.EPOLLOUT) == 0, "not registered for EPOLLOUT")
            #expect(EpollEvent.data(base, 0) == word)
            #expect(raw[EpollEvent.size] == 0xA5, "the kernel wrote past the first entry")

            // Edge-triggered: no new edge, no event.
            #expect(try Sys.check(.epollWait) { Sys.epollWait(epfd, base, 4, 0) } == 0)

            // MOD to EPOLLOUT with another word: reported at once (the send buffer has room).
            let out = UInt32(LinuxABI.EPOLLOUT)
            _ = try Sys.check(.epollControl) { Sys.epollCtl(epfd, LinuxABI.EPOLL_CTL_MOD, a.fileDescriptor, out, 7) }
            #expect(try Sys.check(.epollWait) { Sys.epollWait(epfd, base, 4, 2000) } == 1)
            #expect(EpollEvent.events(base, 0) & out != 0)
            #expect(EpollEvent.data(base, 0) == 7)

            // DEL: nothing more, and a second DEL fails with ENOENT.
            _ = try Sys.check(.epollControl) { Sys.epollCtl(epfd, LinuxABI.EPOLL_CTL_DEL, a.fileDescriptor, 0, 0) }
            #expect(try Sys.check(.epollWait) { Sys.epollWait(epfd, base, 4, 0) } == 0)
            #expect(Sys.epollCtl(epfd, LinuxABI.EPOLL_CTL_DEL, a.fileDescriptor, 0, 0) == -Int(LinuxABI.ENOENT))
        }
    }
}
#endif
