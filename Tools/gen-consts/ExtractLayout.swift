// Parser for clang's `-Xclang -fdump-record-layouts` text (clang-internal format; pinned to clang-19).
//
//   *** Dumping AST Record Layout
//            0 | struct tcp_info
//            0 |   __u8 tcpi_state
//        6:0-3 |   __u8 tcpi_snd_wscale                  <- bitfield: byte 6, bits 0-3
//            0 |   union S::(anonymous at f.h:17:2)      <- anonymous member: its fields are S's
//            4 |   struct S::(unnamed at f.h:9:2) hdr    <- named member of unnamed type
//            0 |   struct S::(unnamed at f.h:9:2) __empty_bufs  <- __DECLARE_FLEX_ARRAY's helper: skipped
//              | [sizeof=248, align=8]

/// One field of a laid-out record.
struct LayoutField: Equatable {
    /// Field name, `FIELD.MEMBER` for members of an expanded field.
    var path: String
    /// Byte offset (bitfields: the byte holding the first bit).
    var byteOffset: Int64
    /// For bitfields, the first and last bit within that byte's storage unit.
    var bits: (first: Int64, last: Int64)?
    /// A flexible array member (`T name[]`): size 0.
    var isFlexibleArray: Bool

    static func == (a: LayoutField, b: LayoutField) -> Bool {
        a.path == b.path && a.byteOffset == b.byteOffset && a.bits?.first == b.bits?.first
            && a.bits?.last == b.bits?.last && a.isFlexibleArray == b.isFlexibleArray
    }
}

struct RecordLayout {
    var fields: [LayoutField]
    var size: Int64
    var align: Int64
}

/// Every dumped record, keyed by its heading (`struct tcp_info`, `union sctp_notification`).
func parseRecordLayouts(_ dump: String) throws(TableError) -> [String: [(depth: Int, offset: String, text: String)]] {
    var records: [String: [(depth: Int, offset: String, text: String)]] = [:]
    var current: [(depth: Int, offset: String, text: String)] = []
    var heading: String?
    func finish() {
        if let h = heading, records[h] == nil { records[h] = current }
        heading = nil
        current = []
    }
    for line in lines(dump) {
        if line.hasPrefix("*** Dumping AST Record Layout") {
            finish()
            continue
        }
        guard let bar = line.firstIndex(of: "|") else { continue }
        let offset = line[..<bar].filter { $0 != " " }
        var body = line[line.index(after: bar)...]
        if body.first == " " { body = body.dropFirst() }
        let indent = body.prefix(while: { $0 == " " }).count
        let text = String(body.dropFirst(indent)).trimmingTrailingSpaces()
        if heading == nil {
            heading = text
            continue
        }
        current.append((indent / 2, String(offset), text))
    }
    finish()
    return records
}

/// The fields of `cType` (members of anonymous members flattened, `expand` fields descended).
func recordLayout(
    _ cType: String,
    expand: [String],
    in records: [String: [(depth: Int, offset: String, text: String)]]
) throws(TableError) -> RecordLayout {
    guard let entries = records[cType] else {
        throw TableError(description: "no record layout dumped for \(cType)")
    }
    var fields: [LayoutField] = []
    var size: Int64 = -1
    var align: Int64 = -1
    for entry in entries where entry.text.hasPrefix("[") {
        // "[sizeof=248, dsize=248, align=8," (nvsize/nvalign follow on the next line)
        for item in entry.text.dropFirst().split(separator: ",") {
            let kv = item.split(separator: "=")
            guard kv.count == 2 else { continue }
            let key = kv[0].filter { $0 != " " }
            let value = Int64(kv[1].filter { $0.isNumber })
            if key == "sizeof", let value { size = value }
            if key == "align", let value { align = value }
        }
    }
    func walk(from start: Int, depth: Int, prefix: String, canExpand: Bool) throws(TableError) {
        var i = start
        while i < entries.count, entries[i].depth >= depth, !entries[i].text.hasPrefix("[") {
            let entry = entries[i]
            i += 1
            guard entry.depth == depth else { continue }
            if entry.text.hasSuffix(")") {
                // An anonymous struct/union member: its members are fields of the enclosing record.
                try walk(from: i, depth: depth + 1, prefix: prefix, canExpand: false)
                continue
            }
            guard let space = entry.text.lastIndex(of: " ") else {
                throw TableError(description: "\(cType): cannot read layout line '\(entry.text)'")
            }
            let name = String(entry.text[entry.text.index(after: space)...])
            let type = entry.text[..<space]
            // `__DECLARE_FLEX_ARRAY(T, name)` (a flexible array inside a union) declares an empty
            // unnamed struct `__empty_name` next to the array: a trick to satisfy C, no field of
            // the ABI (size 0, and no C expression can check it as either a field or an array).
            if name.hasPrefix("__empty_"), type.contains("::(unnamed at ") { continue }
            var field = LayoutField(
                path: prefix + name,
                byteOffset: 0,
                bits: nil,
                isFlexibleArray: type.hasSuffix("[]")
            )
            let offset = entry.offset.split(separator: ":")
            guard let byte = Int64(offset[0]) else {
                throw TableError(description: "\(cType): bad offset '\(entry.offset)'")
            }
            field.byteOffset = byte
            if offset.count == 2 {
                let range = offset[1].split(separator: "-")
                guard range.count == 2, let lo = Int64(range[0]), let hi = Int64(range[1]) else {
                    throw TableError(description: "\(cType): bad bitfield offset '\(entry.offset)'")
                }
                field.bits = (lo, hi)
            }
            fields.append(field)
            if canExpand, expand.contains(name) {
                try walk(from: i, depth: depth + 1, prefix: prefix + name + ".", canExpand: false)
            }
        }
    }
    try walk(from: 0, depth: 1, prefix: "", canExpand: true)
    for name in expand where !fields.contains(where: { $0.path.hasPrefix(name + ".") }) {
        throw TableError(description: "\(cType): expand \(name): no such field with members")
    }
    guard size >= 0, align > 0, !fields.isEmpty else {
        throw TableError(description: "\(cType): incomplete layout dump")
    }
    return RecordLayout(fields: fields, size: size, align: align)
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
