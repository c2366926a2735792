// `SC` and `Errno` (generated from Tools/gen-consts/spec/portable.list) against the committed table
// of the build's arch, read by this target's own parser, and against the host's C headers (glibc +
// kernel UAPI, through CABICheck): every name, every value, and `Errno.name(_:)` for each value.

#if os(Linux)
import ABITestSupport
import CABICheck
import SockPOSIX
import Testing

@Suite struct PortableNamesTests {
    /// `const NAME` rows of the build arch's committed table.
    static func tableConsts() throws -> [String: Int64] {
        try #require(ABIArch.host, "no table for this arch").table().rows(ofKind: "const")
    }

    /// `const NAME` values the host headers define.
    static func hostConsts() -> [String: Int64] {
        var rows: [String: Int64] = [:]
        for i in 0..<cabi_host_row_count() where cabi_host_row_present(i) != 0 {
            let key = String(cString: cabi_host_row_key(i))
            if key.hasPrefix("const ") { rows[String(key.dropFirst(6))] = Int64(cabi_host_row_value(i)) }
        }
        return rows
    }

    @Test func scMatchesTheTableAndTheHostHeaders() throws {
        let names = PortableNames.sc
        let table = try Self.tableConsts()
        let host = Self.hostConsts()
        // 72 names (71 of API v2 and SCM_RIGHTS, for closing descriptors nobody asked for) plus the
        // two Darwin ones, each once.
        #expect(names.count == 74)
        #expect(Set(names.map(\.name)).count == names.count)
        var hostCompared = 0
        for entry in names {
            #expect(entry.here == entry.linux, "\(entry.name): SC.has\(entry.name) disagrees with the list")
            guard entry.linux else {
                #expect(entry.value == 0, "\(entry.name) is absent on Linux but SC gives \(entry.value)")
                #expect(table[entry.name] == nil, "the list says Linux lacks \(entry.name), the table has it")
                continue
            }
            #expect(
                Int64(entry.value) == table[entry.name],
                "SC.\(entry.name) = \(entry.value), table \(table[entry.name] ?? -1)"
            )
            if let hostValue = host[entry.name] {
                #expect(Int64(entry.value) == hostValue, "SC.\(entry.name) = \(entry.value), host headers \(hostValue)")
                hostCompared += 1
            }
        }
        #expect(names.filter { !$0.linux }.map(\.name) == ["SO_NOSIGPIPE", "TCP_KEEPALIVE"])
        // The host headers are older than the tables' kernel, but every name SC uses is old.
        #expect(hostCompared == names.filter(\.linux).count)
        print("SC: \(names.count) names, \(hostCompared) equal to the host headers, 2 absent on Linux (0)")
    }

    @Test func errnoMatchesTheTableAndTheHostHeaders() throws {
        let names = PortableNames.errno
        let table = try Self.tableConsts()
        let host = Self.hostConsts()
        #expect(names.count == 43)
        #expect(Set(names.map(\.name)).count == names.count)
        for entry in names {
            #expect(entry.linux, "\(entry.name): every errno name exists on Linux")
            #expect(
                Int64(entry.value) == table[entry.name],
                "Errno.\(entry.name) = \(entry.value), table \(table[entry.name] ?? -1)"
            )
            #expect(
                Int64(entry.value) == host[entry.name],
                "Errno.\(entry.name) = \(entry.value), host \(host[entry.name] ?? -1)"
            )
        }
        print("Errno: \(names.count) names, each equal to the table and the host headers")
    }

    /// `Errno.name` gives each value's first name in list order: EAGAIN, not EWOULDBLOCK, for 11.
    @Test func errnoNames() {
        let names = PortableNames.errno
        for entry in names {
            let first = names.first { $0.value == entry.value }!.name
            #expect(Errno.name(entry.value) == first, "Errno.name(\(entry.value))")
        }
        #expect(Errno.EAGAIN == Errno.EWOULDBLOCK)
        #expect(Errno.name(Errno.EWOULDBLOCK) == "EAGAIN")
        #expect(Errno.name(Errno.ECONNREFUSED) == "ECONNREFUSED")
        #expect(Errno.name(0) == nil)
        #expect(Errno.name(-1) == nil)
        // Distinct values: 43 names, one shared value.
        #expect(Set(names.map(\.value)).count == 42)
    }
}
#endif
