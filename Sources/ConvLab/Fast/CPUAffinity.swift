#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which core a thread runs on, and which cores a thread may run on (Linux with glibc;
/// elsewhere every answer is nil and nothing is set, so the pool's threads go wherever the
/// system puts them).
///
/// Why through `dlsym`. `sched_getcpu`, `sched_getaffinity` and `pthread_setaffinity_np` are
/// GNU extensions that Swift's Glibc module does not import (it is built without
/// `_GNU_SOURCE`), so they are looked up by name once (`CLibrary`), with the types their
/// manual pages give.
enum CPUAffinity {
    #if canImport(Glibc)
    private typealias CurrentCPU = @convention(c) () -> Int32
    private typealias GetMask = @convention(c) (pid_t, Int, UnsafeMutablePointer<cpu_set_t>) -> Int32
    private typealias SetThreadMask = @convention(c) (pthread_t, Int, UnsafePointer<cpu_set_t>) -> Int32
    private typealias GetThreadMask = @convention(c) (pthread_t, Int, UnsafeMutablePointer<cpu_set_t>) -> Int32

    private static let currentCPU = CLibrary.function("sched_getcpu", as: CurrentCPU.self)
    private static let getMask = CLibrary.function("sched_getaffinity", as: GetMask.self)
    private static let setThreadMask = CLibrary.function("pthread_setaffinity_np", as: SetThreadMask.self)
    private static let getThreadMask = CLibrary.function("pthread_getaffinity_np", as: GetThreadMask.self)

    /// Bits per word of `cpu_set_t`.
    private static let wordBits = 64
    #endif

    /// The core the calling thread runs on now, or nil where that cannot be asked.
    static func current() -> Int? {
        #if canImport(Glibc)
        guard let currentCPU else { return nil }
        let cpu = currentCPU()
        return cpu >= 0 ? Int(cpu) : nil
        #else
        return nil
        #endif
    }

    /// The cores the calling thread may run on (its affinity mask), or nil where unknown.
    static func allowed() -> Set<Int>? {
        #if canImport(Glibc)
        guard let getMask else { return nil }
        var mask = cpu_set_t()
        guard getMask(0, MemoryLayout<cpu_set_t>.size, &mask) == 0 else { return nil }
        return cpus(in: mask)
        #else
        return nil
        #endif
    }

    /// Lets `thread` run only on `cpus`; false if the system refused or cannot be asked (the
    /// thread then keeps its mask).
    @discardableResult
    static func restrict(_ thread: pthread_t, to cpus: Set<Int>) -> Bool {
        #if canImport(Glibc)
        guard let setThreadMask, !cpus.isEmpty else { return false }
        var mask = cpu_set_t()
        withUnsafeMutableBytes(of: &mask) { bytes in
            // Word by word, as glibc's CPU_SET does (bit cpu % 64 of word cpu / 64).
            for cpu in cpus where cpu >= 0 && cpu < bytes.count / 8 * wordBits {
                let offset = cpu / wordBits * 8
                let word = bytes.load(fromByteOffset: offset, as: UInt64.self) | 1 << UInt64(cpu % wordBits)
                bytes.storeBytes(of: word, toByteOffset: offset, as: UInt64.self)
            }
        }
        return setThreadMask(thread, MemoryLayout<cpu_set_t>.size, &mask) == 0
        #else
        return false
        #endif
    }

    /// The cores `thread` may run on, or nil where unknown (tests).
    static func allowed(_ thread: pthread_t) -> Set<Int>? {
        #if canImport(Glibc)
        guard let getThreadMask else { return nil }
        var mask = cpu_set_t()
        guard getThreadMask(thread, MemoryLayout<cpu_set_t>.size, &mask) == 0 else { return nil }
        return cpus(in: mask)
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    /// The CPU numbers whose bits `mask` sets.
    private static func cpus(in mask: cpu_set_t) -> Set<Int> {
        var mask = mask
        return withUnsafeBytes(of: &mask) { bytes in
            var cpus = Set<Int>()
            for index in 0..<(bytes.count / 8) {
                let word = bytes.load(fromByteOffset: index * 8, as: UInt64.self)
                for bit in 0..<wordBits where word & (1 << UInt64(bit)) != 0 { cpus.insert(index * wordBits + bit) }
            }
            return cpus
        }
    }
    #endif
}
