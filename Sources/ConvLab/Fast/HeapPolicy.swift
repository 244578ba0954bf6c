#if canImport(Glibc)
import Glibc
#endif

/// Keeps glibc's allocator from giving a layer's freed output back to the system only to
/// fault the same amount in again for the next layer's.
///
/// Why. glibc serves large requests (128 KiB and up, a bound it moves with what is freed)
/// with pages of their own from `mmap`, returns them on `free`, and returns the top of its
/// heap once enough of it is free; a new tensor was then often zero pages, faulted in one
/// 4 KiB page at a time as the convolution first writes them. A network's forward keeps one
/// layer's output while it computes the next one's, and it happened layer after layer
/// (which of glibc's rules did it was not told apart: raising the trim bound alone changed
/// nothing, raising both removed the faults): conv-bench's two 3×3 over 8 × 32×32, chained
/// as a network runs them (`Runner.chainedForward`), took 3.57 ms on one thread and 2.01 on two, with 715,000
/// page faults in 3 s of runs, against 2.68 and 1.38 ms (and 2,900 faults) once tensors come
/// from the heap; the 1×7 + 7×1, 9.63 against 8.87 ms. So ConvLab raises both bounds once,
/// before its first convolution: requests below 32 MiB (glibc's largest mmap bound) come
/// from the heap and freed memory stays there until 256 MiB of it lies unused at its top.
///
/// What it costs: a process keeps up to 256 MiB of freed memory instead of returning it.
///
/// What it leaves alone: a process that set either bound itself, through
/// `MALLOC_MMAP_THRESHOLD_`, `MALLOC_TRIM_THRESHOLD_` or `GLIBC_TUNABLES`, keeps all of its
/// own (setting any of them is also the way to opt out); elsewhere than glibc nothing is set
/// (`mallopt` is looked up by name, `CLibrary`: Swift's Glibc module does not import it).
enum HeapPolicy {
    /// Requests below this many bytes come from the heap (glibc's largest mmap threshold on 64-bit).
    static let mmapThreshold = 32 << 20
    /// Bytes of free memory at the heap's top before glibc returns them to the system.
    static let trimThreshold = 256 << 20

    /// Whether the bounds were set, done once on first use (`ConvKernels.onThreads`).
    static let applied: Bool = {
        #if canImport(Glibc)
        let ownSettings: [String] = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES"]
        guard ownSettings.allSatisfy({ getenv($0) == nil }),
              let mallopt = CLibrary.function("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self) else { return false }
        // M_MMAP_THRESHOLD and M_TRIM_THRESHOLD in <malloc.h>; `mallopt` returns 1 on success.
        // The trim bound first: should the mmap bound then fail, the heap only keeps more.
        let mmapThreshold: Int32 = -3, trimThreshold: Int32 = -1
        let trims = mallopt(trimThreshold, Int32(clamping: Self.trimThreshold)) == 1
        return trims && mallopt(mmapThreshold, Int32(clamping: Self.mmapThreshold)) == 1
        #else
        return false
        #endif
    }()
}
