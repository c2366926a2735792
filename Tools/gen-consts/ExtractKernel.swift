// Kernel source for `gen-consts extract`: fetch Debian's linux-source package (apt), unpack only
// what `make headers_install` and the spec's internal headers need, and install headers per arch.

/// Written into a tree that `extract` unpacked, so a later `--kernel-src` run names it the same way.
let kernelLabelFile = ".gen-consts-kernel"

/// Paths inside the kernel tarball that `headers_install` needs (6.11+ generates the syscall
/// headers from syscall.tbl, hence `kernel/Makefile.syscalls` and `arch/*/Kbuild`). Unpacking only
/// these takes ~8 s and 24 MB instead of 1.5 GB; the installed headers are identical.
/// Order matters: GNU tar credits each member to the first pattern that matches it (`*` also
/// matches `/`) and fails on a pattern left without members, so the broad `arch/*/Kbuild` is last.
let slimTarPatterns = [
    "Makefile", "scripts/*", "include/uapi/*", "arch/*/include/uapi/*", "arch/*/Makefile",
    "arch/*/entry/syscalls/*", "arch/*/kernel/syscalls/*", "usr/*", "include/asm-generic/Kbuild",
    "arch/*/include/asm/Kbuild", "arch/*/tools/*", "tools/include/*", "arch/*/kernel/Makefile.syscalls",
    "arch/*/Kbuild",
]

/// `apt-get download PACKAGE[=VERSION]` into `work`, unpack the slim tree, and record its label.
/// Returns the tree's path. An existing tree with the same label is reused.
func fetchKernelSource(package request: String, spec: Spec, work: String) throws(TableError) -> String {
    let package = String(request.split(separator: "=", maxSplits: 1)[0])
    let scratch = work
    let downloads = work + "/deb"
    try removeTree(downloads, scratch: scratch)
    try makeDirectories(downloads)
    printError("extract: apt-get download \(request)")
    try runChecked(in: downloads, ["apt-get", "download", "-q", request], scratch: scratch)
    guard
        let deb = try runChecked(["sh", "-c", "ls \"$0\"/*.deb", downloads], scratch: scratch)
            .split(separator: "\n").first.map(String.init)
    else { throw TableError(description: "apt-get download produced no .deb") }
    let fields = try runChecked(["dpkg-deb", "-f", deb, "Package", "Version"], scratch: scratch)
    var name = package
    var version = "?"
    for line in lines(fields) {
        if line.hasPrefix("Package: ") { name = String(line.dropFirst(9)) }
        if line.hasPrefix("Version: ") { version = String(line.dropFirst(9)) }
    }
    let label = "\(name) \(version)"
    let tree = work + "/" + package
    if fileExists(tree + "/" + kernelLabelFile),
        (try? readFile(tree + "/" + kernelLabelFile)) == label + "\n"
    {
        printError("extract: reusing \(tree) (\(label))")
        try removeTree(downloads, scratch: scratch)
        return tree
    }
    try removeTree(tree, scratch: scratch)
    // The .deb holds usr/src/<package>.tar.xz, whose top directory is <package>/.
    printError("extract: unpacking \(deb)")
    try runChecked(
        [
            "sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -x -C \"$1\" ./usr/src/\"$2\".tar.xz", deb, downloads,
            package,
        ],
        scratch: scratch
    )
    let tarball = "\(downloads)/usr/src/\(package).tar.xz"
    let wanted = (slimTarPatterns + spec.internalHeaders.map { "include/" + $0 }).map { "\(package)/\($0)" }
    try runChecked(["tar", "-xf", tarball, "-C", work, "--wildcards"] + wanted, scratch: scratch)
    try writeFile(tree + "/" + kernelLabelFile, label + "\n")
    try removeTree(downloads, scratch: scratch)
    return tree
}

/// The provenance label of a kernel tree: the recorded Debian package and version when `extract`
/// unpacked it, else `linux VERSION.PATCHLEVEL.SUBLEVEL` from its Makefile.
func kernelLabel(tree: String) throws(TableError) -> String {
    let recorded = tree + "/" + kernelLabelFile
    if fileExists(recorded) {
        return String(lines(try readFile(recorded)).first ?? "")
    }
    var parts: [String: String] = [:]
    for line in lines(try readFile(tree + "/Makefile")).prefix(10) {
        let pieces = line.split(separator: "=", maxSplits: 1)
        guard pieces.count == 2 else { continue }
        let key = pieces[0].filter { $0 != " " }
        parts[String(key)] = String(pieces[1].filter { $0 != " " })
    }
    guard let v = parts["VERSION"], let p = parts["PATCHLEVEL"], let s = parts["SUBLEVEL"] else {
        throw TableError(description: "\(tree)/Makefile: no kernel version")
    }
    return "linux \(v).\(p).\(s)\(parts["EXTRAVERSION"] ?? "")"
}

/// `make headers_install` for one arch into `destination` (run serially: parallel runs in one tree
/// race on scripts/basic/fixdep). Needs make, gcc (host tools) and rsync.
func installHeaders(tree: String, kernelArch: String, destination: String, scratch: String) throws(TableError) {
    try removeTree(destination, scratch: scratch)
    try runChecked(
        ["make", "-C", tree, "-s", "headers_install", "ARCH=\(kernelArch)", "INSTALL_HDR_PATH=\(destination)"],
        scratch: scratch
    )
}
