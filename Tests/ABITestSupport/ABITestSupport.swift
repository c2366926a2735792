// ABITestSupport: test-only data about the ABI tables, for Tests/ABITests. Not part of any product.
//
// Its Swift is generated at build time by the ConstGen plugin (`gen-consts emit --rows`, from
// Sources/SockPOSIX/ABI/*.abi and Tools/gen-consts/spec/portable.list):
// - `LinuxABI_<arch>.tableText` and `.rows`: each table's rows, exactly as committed, as extensions
//   of SockPOSIX's generated enums;
// - `PortableNames.sc` and `.errno`: every name of the list with its `SC` or `Errno` value.
// SockPOSIX itself carries none of this text.
