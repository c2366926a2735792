#if os(Linux)
import CPlatform
import SockPOSIX

extension IOURing {
    /// A provided-buffer ring (`IORING_REGISTER_PBUF_RING`, Linux 5.19): `count` buffers of `size`
    /// bytes the kernel picks from for receives that name its group (`IOSQE_BUFFER_SELECT`), and
    /// that this process hands back with ``recycle(bufferID:)``.
    ///
    /// A view: the ring entries and the buffers live in one page-aligned anonymous mapping that the
    /// ``IOURing`` owns until ``IOURing/unregisterBufferRing(group:)`` or ``IOURing/close()``; copies
    /// of the view share it. All its state is in that memory (the ring's tail is the `resv` field of
    /// entry 0, `offsetof io_uring_buf_ring.tail` = 14), so recycling allocates nothing.
    package struct BufferRing {
        /// The buffer group ID receives name (`sqe->buf_group`).
        package let group: UInt16
        /// The number of buffers (a power of two); buffer IDs are `0..<count`.
        package let count: Int
        /// The size of each buffer.
        package let size: Int
        let entries: UnsafeMutableRawPointer
        let buffers: UnsafeMutableRawPointer

        /// Buffer `id`, whole.
        package func buffer(_ id: UInt16) -> UnsafeMutableRawBufferPointer {
            precondition(Int(id) < count, "buffer ID out of range")
            return UnsafeMutableRawBufferPointer(start: buffers + Int(id) &* size, count: size)
        }

        /// The first `length` bytes of buffer `id`: what a receive completion with that buffer ID
        /// and that byte count delivered.
        package func bytes(_ id: UInt16, count length: Int) -> UnsafeRawBufferPointer {
            precondition(length >= 0 && length <= size, "length outside the buffer")
            return UnsafeRawBufferPointer(start: buffers + Int(id) &* size, count: length)
        }

        /// Gives buffer `id` back to the kernel: writes the next ring entry (`addr`, `len`, `bid`)
        /// and publishes it with a release store of the ring's tail. One buffer per call; each
        /// buffer must be handed back once per use.
        package func recycle(bufferID id: UInt16) {
            precondition(Int(id) < count, "buffer ID out of range")
            let tailField = entries + LinuxABI.offsetof_io_uring_buf_ring_tail
            let tail = tailField.load(as: UInt16.self)  // written only by this process
            write(entry: Int(tail) & (count &- 1), id: id)
            cplatform_store_release_u16(tailField, tail &+ 1)
        }

        func write(entry index: Int, id: UInt16) {
            let entry = entries + index &* LinuxABI.sizeof_io_uring_buf
            let address = UInt64(UInt(bitPattern: buffers + Int(id) &* size))
            entry.storeBytes(of: address, toByteOffset: LinuxABI.offsetof_io_uring_buf_addr, as: UInt64.self)
            entry.storeBytes(of: UInt32(size), toByteOffset: LinuxABI.offsetof_io_uring_buf_len, as: UInt32.self)
            entry.storeBytes(of: id, toByteOffset: LinuxABI.offsetof_io_uring_buf_bid, as: UInt16.self)
        }
    }

    /// Maps `count` buffers of `size` bytes and their ring (one anonymous mapping, the ring
    /// page-aligned at its start), registers the ring as buffer group `group` and hands every
    /// buffer to the kernel.
    /// - Parameters:
    ///   - count: a power of two, 1...32768.
    ///   - size: bytes per buffer, 1...2^31.
    /// - Throws: `.invalidArgument` (`.valueOutOfRange`) for a bad count or size; `SocketError`s
    ///   of `.mmap` and `.ioUringRegister` (EEXIST: the group is taken; EINVAL before Linux 5.19).
    package func registerBufferRing(group: UInt16, count: Int, size: Int) throws(SocketError) -> BufferRing {
        guard count > 0, count <= 32768, count & (count - 1) == 0, size > 0, size <= Int(Int32.max) else {
            throw SocketError(.invalidArgument, operation: .ioUringRegister, detail: .valueOutOfRange)
        }
        // The ring first (the kernel wants it page-aligned), then the buffers on a 64-byte line.
        let ringBytes = (count * LinuxABI.sizeof_io_uring_buf + 63) & ~63
        let length = ringBytes + count * size
        let prot = LinuxABI.PROT_READ | LinuxABI.PROT_WRITE
        let flags = LinuxABI.MAP_PRIVATE | LinuxABI.MAP_ANONYMOUS | LinuxABI.MAP_POPULATE
        let address = try Sys.check(.mmap) { Sys.mmap(length, prot, flags, -1, 0) }
        let memory = UnsafeMutableRawPointer(bitPattern: address)!
        let ring = BufferRing(group: group, count: count, size: size, entries: memory, buffers: memory + ringBytes)
        for id in 0..<count { ring.write(entry: id, id: UInt16(id)) }
        cplatform_store_release_u16(
            memory + LinuxABI.offsetof_io_uring_buf_ring_tail,
            UInt16(truncatingIfNeeded: count)
        )
        do {
            var registration = BufferRegistration(group: group, ring: memory, entries: UInt32(count))
            _ = try Sys.check(.ioUringRegister) { registration.register(ringFD, LinuxABI.IORING_REGISTER_PBUF_RING) }
        } catch {
            _ = Sys.munmap(memory, length)
            throw error
        }
        bufferRings.append((group, memory, length))
        return ring
    }

    /// Unregisters buffer group `group` (`IORING_UNREGISTER_PBUF_RING`) and unmaps its memory;
    /// views of it must not be used afterwards. Does nothing for a group this ring did not
    /// register.
    package func unregisterBufferRing(group: UInt16) {
        guard let i = bufferRings.firstIndex(where: { $0.group == group }) else { return }
        releaseBufferRing(bufferRings.remove(at: i))
    }

    func releaseBufferRing(_ ring: (group: UInt16, memory: UnsafeMutableRawPointer, length: Int)) {
        var registration = BufferRegistration(group: ring.group, ring: nil, entries: 0)
        _ = registration.register(ringFD, LinuxABI.IORING_UNREGISTER_PBUF_RING)
        _ = Sys.munmap(ring.memory, ring.length)
    }

    /// `struct io_uring_buf_reg` (40 bytes) on the stack, laid out by the table.
    struct BufferRegistration {
        var storage: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        let group: UInt16
        let ring: UnsafeMutableRawPointer?
        let entries: UInt32

        init(group: UInt16, ring: UnsafeMutableRawPointer?, entries: UInt32) {
            self.group = group
            self.ring = ring
            self.entries = entries
        }

        /// `io_uring_register(ringFD, opcode, &reg, 1)`: the raw result.
        mutating func register(_ ringFD: CInt, _ opcode: CInt) -> Int {
            let (group, ring, entries) = (self.group, self.ring, self.entries)
            return withUnsafeMutableBytes(of: &storage) { raw in
                precondition(raw.count >= LinuxABI.sizeof_io_uring_buf_reg)
                raw.storeBytes(
                    of: UInt64(UInt(bitPattern: ring)),
                    toByteOffset: LinuxABI.offsetof_io_uring_buf_reg_ring_addr,
                    as: UInt64.self
                )
                raw.storeBytes(
                    of: entries,
                    toByteOffset: LinuxABI.offsetof_io_uring_buf_reg_ring_entries,
                    as: UInt32.self
                )
                raw.storeBytes(of: group, toByteOffset: LinuxABI.offsetof_io_uring_buf_reg_bgid, as: UInt16.self)
                return Sys.ioUringRegister(ringFD, UInt32(opcode), raw.baseAddress, 1)
            }
        }
    }
}
#endif
