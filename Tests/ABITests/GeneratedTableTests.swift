// The ConstGen plugin's output (`LinuxABI_<arch>`) says exactly what the committed tables say.

import ABITestSupport
import SockPOSIX
import Testing

@Suite struct GeneratedTableTests {
    @Test(arguments: ABIArch.allCases)
    func generatedRowsEqualTheTable(arch: ABIArch) throws {
        let table = try arch.table()
        let generated = arch.generatedRows
        #expect(table.rows.count > 500, "\(arch): suspiciously small table")
        let fromFile = table.rows.map { "\($0.identity) \($0.value)" }.sorted()
        let fromSwift = generated.map { "\($0.0) \($0.1)" }.sorted()
        let onlyFile = Set(fromFile).subtracting(fromSwift).sorted()
        let onlySwift = Set(fromSwift).subtracting(fromFile).sorted()
        #expect(onlyFile.isEmpty, "\(arch): rows in the .abi file but not in LinuxABI_\(arch): \(onlyFile.prefix(20))")
        #expect(
            onlySwift.isEmpty,
            "\(arch): rows in LinuxABI_\(arch) but not in the .abi file: \(onlySwift.prefix(20))"
        )
        #expect(
            fromFile.count == fromSwift.count,
            "\(arch): \(fromFile.count) table rows, \(fromSwift.count) generated"
        )
    }

    @Test func tablesCarryProvenance() throws {
        for arch in ABIArch.allCases {
            let comments = try arch.table().comments
            #expect(comments.contains { $0.hasPrefix("# kernel: ") }, "\(arch): no kernel line")
            #expect(comments.contains { $0.hasPrefix("# clang: ") }, "\(arch): no clang line")
            #expect(comments.contains { $0.hasPrefix("# spec: linux.spec fnv1a64 ") }, "\(arch): no spec hash")
        }
    }

    /// Spot checks against independently known values (Linux 6.12 UAPI, clang 19 layouts), through
    /// the typed accessors the library uses.
    @Test func knownValuesThroughTypedAccessors() {
        let socketX86: CInt = LinuxABI_x86_64.SO_REUSEPORT
        #expect(socketX86 == 15)
        #expect(LinuxABI_x86_64.SYS_socket == 41)
        #expect(LinuxABI_x86_64.SYS_sendmmsg == 307)
        #expect(LinuxABI_arm64.SYS_socket == 198)
        #expect(LinuxABI_riscv64.SYS_sendmmsg == 269)
        #expect(LinuxABI_loongarch64.SYS_recvmmsg == 243)
        #expect(LinuxABI_x86_64.IPPROTO_SCTP == 132)
        #expect(LinuxABI_x86_64.AF_INET6 == 10)
        #expect(LinuxABI_x86_64.SOCK_STREAM == 1)
        #expect(LinuxABI_x86_64.MSG_DONTWAIT == 0x40)
        #expect(LinuxABI_x86_64.EAGAIN == 11)
        #expect(LinuxABI_x86_64.sizeof_tcp_info == 248)
        #expect(LinuxABI_x86_64.offsetof_tcp_info_tcpi_rtt == 68)
        #expect(LinuxABI_x86_64.bitoffset_tcp_info_tcpi_snd_wscale == 48)
        #expect(LinuxABI_x86_64.bitsize_tcp_info_tcpi_fastopen_client_fail == 2)
        #expect(LinuxABI_arm64.sizeof_msghdr == 56)
        #expect(LinuxABI_riscv64.sizeof_sockaddr_storage == 128)
        #expect(LinuxABI_loongarch64.sizeof_sockaddr_in6 == 28)
        // Event loops: io_uring (enumerators of enum io_uring_op and io_uring_register_op), epoll.
        #expect(LinuxABI_x86_64.IORING_OP_RECV == 27)
        #expect(LinuxABI_arm64.IORING_REGISTER_PBUF_RING == 22)
        #expect(LinuxABI_x86_64.IOSQE_CQE_SKIP_SUCCESS == 1 << LinuxABI_x86_64.IOSQE_CQE_SKIP_SUCCESS_BIT)
        #expect(LinuxABI_riscv64.IORING_OFF_SQES == 0x1000_0000)
        #expect(LinuxABI_x86_64.sizeof_io_uring_sqe == 64)
        #expect(LinuxABI_x86_64.offsetof_io_uring_sqe_buf_group == 40)
        #expect(LinuxABI_arm64.offsetof_io_uring_buf_ring_tail == 14)
        #expect(LinuxABI_x86_64.sizeof_epoll_event == 12)
        #expect(LinuxABI_arm64.sizeof_epoll_event == 16)
        #expect(LinuxABI_x86_64.SYS_epoll_pwait == 281)
        #expect(LinuxABI_loongarch64.SYS_mmap == 222)
    }

    #if os(Linux) && (arch(x86_64) || arch(arm64) || arch(riscv64))
    /// `LinuxABI` is the build's own arch's table.
    @Test func activeTableIsTheHostArch() {
        #if arch(x86_64)
        let host = ABIArch.x86_64
        #elseif arch(arm64)
        let host = ABIArch.arm64
        #else
        let host = ABIArch.riscv64
        #endif
        let active = LinuxABI.rows.map { "\($0.0) \($0.1)" }
        #expect(active == host.generatedRows.map { "\($0.0) \($0.1)" })
    }
    #endif
}
