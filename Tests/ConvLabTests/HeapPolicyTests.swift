#if canImport(Glibc)
import Glibc
import Testing
@testable import ConvLab

@Suite struct HeapPolicyTests {
    @Test func largeBlocksComeFromTheHeapOnceAConvolutionRan() {
        // glibc maps a block past its mmap bound in pages of its own, its data 16 bytes into
        // the first page; from the heap, blocks follow each other. After the first
        // convolution (`HeapPolicy`), three 24 MiB blocks held at once come from the heap:
        // not all three at that offset (by default all three are mapped apart).
        let input = Tensor(shape: [1, 1, 4, 4], scalars: [Float](repeating: 1, count: 16))
        _ = conv2d(input, Tensor(shape: [1, 1, 1, 1], scalars: [2]), bias: nil)
        #expect(HeapPolicy.applied)
        let blocks = (0..<3).map { _ in malloc(24 << 20)! }
        defer { blocks.forEach { free($0) } }
        let offsets = blocks.map { UInt(bitPattern: $0) % 4096 }
        #expect(!offsets.allSatisfy { $0 == 16 }, "page offsets \(offsets): mapped apart")
    }
}
#endif
