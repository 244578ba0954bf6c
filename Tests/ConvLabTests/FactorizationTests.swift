import Foundation
import Testing
@testable import ConvLab

/// The Jacobi SVD, the best separable approximation and the cost comparison of factorized kernels.
@Suite struct FactorizationTests {
    @Test func knownSingularValues() throws {
        // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        let svd = try SingularValueDecomposition([[3, 0], [4, 5]])
        #expect(abs(svd.singularValues[0] - 45.0.squareRoot()) < 1e-12)
        #expect(abs(svd.singularValues[1] - 5.0.squareRoot()) < 1e-12)
        let back = svd.reconstruction(rank: 2)
        #expect(abs(back[1][0] - 4) < 1e-12 && abs(back[0][1]) < 1e-12)
    }

    @Test func reconstructsARandomRectangularMatrix() throws {
        var rng = SeededGenerator(seed: 7)
        let a = (0..<5).map { _ in (0..<3).map { _ in rng.normal() } }
        let svd = try SingularValueDecomposition(a)
        let back = svd.reconstruction(rank: 3)
        for i in 0..<5 { for j in 0..<3 { #expect(abs(back[i][j] - a[i][j]) < 1e-12) } }
        #expect(svd.singularValues == svd.singularValues.sorted(by: >))
        // Right singular vectors are orthonormal.
        for p in 0..<3 { for q in 0..<3 {
            let d = zip(svd.v[p], svd.v[q]).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(d - (p == q ? 1 : 0)) < 1e-12)
        } }
    }

    @Test func sobelIsExactlySeparable() throws {
        // Sobel-x = [1, 2, 1]ᵀ · [−1, 0, 1].
        let sobel: [[Double]] = [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]
        let approx = try SeparableApproximation(kernel: sobel)
        #expect(approx.relativeError < 1e-12)
        #expect(approx.singularValues[1] < 1e-12)
        for i in 0..<3 { for j in 0..<3 { #expect(abs(approx.approximation[i][j] - sobel[i][j]) < 1e-12) } }
        #expect(abs(abs(approx.column[1] / approx.column[0]) - 2) < 1e-12)
    }

    @Test func identityKernelKeepsOneThird() throws {
        // Three equal singular values: rank 1 keeps one, error √(2/3).
        let approx = try SeparableApproximation(kernel: Tensor(shape: [1, 1, 3, 3], scalars: [1, 0, 0, 0, 1, 0, 0, 0, 1]))
        #expect(abs(approx.relativeError - (2.0 / 3).squareRoot()) < 1e-12)
        // A 2-D Gaussian is the outer product of two 1-D Gaussians.
        let gaussian: [[Double]] = (0..<5).map { (i: Int) -> [Double] in
            (0..<5).map { (j: Int) -> Double in
                let r2 = Double((i - 2) * (i - 2) + (j - 2) * (j - 2))
                return exp(-r2 / 2)
            }
        }
        #expect(try SeparableApproximation(kernel: gaussian).relativeError < 1e-12)
    }

    @Test func badKernelsAreRejected() {
        #expect(throws: FactorizationError.empty) { try SeparableApproximation(kernel: [[Double]]()) }
        #expect(throws: FactorizationError.ragged(rowLengths: [2, 1])) { try SeparableApproximation(kernel: [[1, 2], [3]]) }
        #expect(throws: FactorizationError.notFinite) { try SeparableApproximation(kernel: [[1, .nan]]) }
        #expect(throws: FactorizationError.notAKernel(shape: [2, 1, 3, 3])) { try SeparableApproximation(kernel: Tensor.ones([2, 1, 3, 3])) }
    }

    @Test func factorizedKernelCosts() throws {
        let three = try KernelFactorization.compare(kernel: 3, channels: 64, size: 32)
        #expect(three.map(\.parameters) == [9 * 64 * 64, 6 * 64 * 64, 9 * 64 * 64])
        #expect(three[1].ratio == 6.0 / 9)
        #expect(three.allSatisfy { $0.receptiveField == 3 })
        let seven = try KernelFactorization.compare(kernel: 7, channels: 32, size: 17)
        let ratios: [Double] = [1, 14.0 / 49, 27.0 / 49]
        #expect(seven.map(\.ratio) == ratios)
        let perTap = 32 * 32 * 17 * 17
        #expect(seven.map(\.multiplyAccumulates) == [49 * perTap, 14 * perTap, 27 * perTap])
        #expect(seven.allSatisfy { $0.receptiveField == 7 })
        let five = try KernelFactorization.table(kernel: 5, channels: 16, size: 8)
        #expect(five.contains("2 × 3×3") && five.contains("0.72"))
    }
}
