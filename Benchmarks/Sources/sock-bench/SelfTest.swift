// Proof that the malloc counter sees allocations, before any figure it gives is believed.

import CBenchSupport
import CMallocCount

/// True when both libc's allocations (strdup, checked in C) and Swift's (an array whose size the
/// optimiser cannot know, so it cannot live on the stack) reach the counter.
func mallocCounterWorks() -> Bool {
    guard mc_selftest() == 1 else { return false }
    mc_begin()
    let array = [UInt8](repeating: 1, count: Int(bench_opaque_u64(64)))
    array.withUnsafeBufferPointer { bench_sink_ptr($0.baseAddress) }
    return mc_end() >= 1
}
