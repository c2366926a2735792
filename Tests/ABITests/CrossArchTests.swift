// Invariants across the four tables. On these four 64-bit little-endian arches the kernel's socket
// ABI is the asm-generic one: only syscall numbers differ (x86_64 keeps its own table; arm64,
// riscv64 and loongarch64 share asm-generic/unistd.h), plus a few O_* flags on arm64 and the
// packing of `struct epoll_event` on x86_64.

import Testing

@Suite struct CrossArchTests {
    /// Every `const` row is the same on all four arches (O_* flags may differ on arm64 only).
    @Test func socketLevelConstantsAgree() throws {
        let reference = try ABIArch.x86_64.table().rows(ofKind: "const")
        #expect(reference.count > 400)
        for arch in ABIArch.allCases.dropFirst() {
            let other = try arch.table().rows(ofKind: "const")
            #expect(Set(other.keys) == Set(reference.keys), "\(arch): const names differ from x86_64")
            for (name, value) in reference.sorted(by: { $0.key < $1.key }) {
                guard let otherValue = other[name], otherValue != value else { continue }
                if arch == .arm64, name.hasPrefix("O_") {
                    print("note: \(name) is \(otherValue) on arm64, \(value) on x86_64 (expected for O_* flags)")
                    continue
                }
                Issue.record("const \(name): x86_64 \(value), \(arch) \(otherValue)")
            }
        }
    }

    /// arm64, riscv64 and loongarch64 share asm-generic syscall numbers; x86_64's are its own below
    /// 424, where every arch switched to one common numbering (io_uring_setup = 425 everywhere).
    @Test func syscallNumbers() throws {
        let x86 = try ABIArch.x86_64.table().rows(ofKind: "syscall")
        let generic = try [ABIArch.arm64, .riscv64, .loongarch64].map { try $0.table().rows(ofKind: "syscall") }
        #expect(x86.count >= 25)
        let common = Set(generic[0].keys).intersection(generic[1].keys).intersection(generic[2].keys)
        #expect(common.count == generic[0].count, "some syscall is missing on riscv64 or loongarch64")
        var compared = 0
        for name in common.sorted() {
            let number = generic[0][name]!
            #expect(generic[1][name] == number, "\(name): arm64 \(number), riscv64 \(generic[1][name]!)")
            #expect(generic[2][name] == number, "\(name): arm64 \(number), loongarch64 \(generic[2][name]!)")
            guard let x86Number = x86[name] else {
                Issue.record("\(name) is missing on x86_64")
                continue
            }
            if number >= 424 {
                #expect(x86Number == number, "\(name): unified number \(number) but x86_64 \(x86Number)")
            } else {
                #expect(x86Number != number, "\(name): x86_64 and asm-generic both \(number)")
            }
            compared += 1
        }
        #expect(compared == x86.count, "x86_64 has syscalls the generic arches lack")
    }

    /// Every struct layout row (sizeof, alignof, offsetof, fieldsize, bitfields) is identical, except
    /// `struct epoll_event`, which is packed on x86_64 only (`EPOLL_PACKED`, for 32-bit compat).
    @Test func structLayoutsAgree() throws {
        func layout(_ arch: ABIArch) throws -> [String: Int64] {
            try arch.table().values.filter { !$0.key.hasPrefix("const ") && !$0.key.hasPrefix("syscall ") }
        }
        let reference = try layout(.arm64)
        #expect(reference.count > 300)
        #expect(reference["sizeof tcp_info"] != nil)
        for arch in ABIArch.allCases where arch != .arm64 {
            let other = try layout(arch)
            #expect(Set(other.keys) == Set(reference.keys), "\(arch): layout rows differ from arm64")
            for (key, value) in reference.sorted(by: { $0.key < $1.key }) where other[key] != nil && other[key] != value
            {
                if arch == .x86_64, Self.packedOnX86[key] != nil { continue }
                Issue.record("\(key): arm64 \(value), \(arch) \(other[key]!)")
            }
        }
    }

    /// The rows of the packed x86_64 `struct epoll_event`, and their values there and elsewhere.
    static let packedOnX86: [String: (x86_64: Int64, other: Int64)] = [
        "sizeof epoll_event": (12, 16),
        "alignof epoll_event": (1, 8),
        "offsetof epoll_event.data": (4, 8),
    ]

    @Test func epollEventIsPackedOnX86Only() throws {
        for arch in ABIArch.allCases {
            let values = try arch.table().values
            for (key, expected) in Self.packedOnX86 {
                #expect(values[key] == (arch == .x86_64 ? expected.x86_64 : expected.other), "\(arch): \(key)")
            }
            #expect(values["offsetof epoll_event.events"] == 0, "\(arch)")
            #expect(values["fieldsize epoll_event.data"] == 8, "\(arch)")
        }
    }
}
