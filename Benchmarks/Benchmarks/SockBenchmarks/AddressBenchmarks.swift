// Address hot paths: parse, format, encode to the kernel's sockaddr, and the parse error path.

import Benchmark
import Sock

/// Registers the address benchmarks. Inputs match sock-bench's address workloads.
func addressBenchmarks() {
    let v4Text = "127.0.0.1"
    let v6Text = "2001:db8::ff00:42:8329"
    let v4 = IPv4Address(127, 0, 0, 1)
    let v6 = IPv6Address(highBits: 0x2001_0db8_0000_0000, lowBits: 0x0000_ff00_0042_8329)

    Benchmark("parse-v4") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(IPv4Address(v4Text))
        }
    }
    Benchmark("parse-v6") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(IPv6Address(v6Text))
        }
    }
    Benchmark("parse-v4-error") { benchmark in
        for _ in benchmark.scaledIterations {
            do throws(SocketError) {
                blackHole(try IPv4Address(parsing: "127.0.0.256"))
            } catch {
                blackHole(error)
            }
        }
    }
    Benchmark("format-v4") { benchmark in
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            for _ in benchmark.scaledIterations {
                blackHole(try? v4.format(into: buffer))
            }
        }
    }
    Benchmark("format-v6") { benchmark in
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            for _ in benchmark.scaledIterations {
                blackHole(try? v6.format(into: buffer))
            }
        }
    }
    Benchmark("description-v4") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(v4.description)
        }
    }
    Benchmark("encode-v4") { benchmark in
        for _ in benchmark.scaledIterations {
            let address = SockaddrInet4(address: v4, port: 8080)
            blackHole(address.withUnsafeSockaddr { pointer, length in Int(pointer.pointee.sa_family) &+ Int(length) })
        }
    }
    Benchmark("encode-v6") { benchmark in
        for _ in benchmark.scaledIterations {
            let address = SockaddrInet6(address: v6, port: 443)
            blackHole(address.withUnsafeSockaddr { pointer, length in Int(pointer.pointee.sa_family) &+ Int(length) })
        }
    }
}
