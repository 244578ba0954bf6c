#if canImport(Glibc)
import Glibc
import Testing
@testable import ConvLab

@Suite struct HeapPolicyTests {
    @Test func largeTensorsComeFromTheHeapOnceAConvolutionRan() {
        // After the first convolution, a 4 MiB tensor freed and made again reuses heap
        // memory instead of faulting in fresh pages (1,024 a time without `HeapPolicy`).
        // Counted for this thread only: other suites allocate at the same time.
        let input = Tensor(shape: [1, 1, 4, 4], scalars: [Float](repeating: 1, count: 16))
        _ = conv2d(input, Tensor(shape: [1, 1, 1, 1], scalars: [2]), bias: nil)
        #expect(HeapPolicy.applied)
        func faults() -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD: this thread's own
            return usage.ru_minflt
        }
        var before = 0
        for cycle in 0..<9 {
            if cycle == 1 { before = faults() }
            let tensor = [Float](repeating: Float(cycle), count: 1 << 20)
            #expect(tensor[12_345] == Float(cycle))
        }
        #expect(faults() - before < 256, "eight 4 MiB tensors made and freed: \(faults() - before) page faults")
    }
}
#endif
