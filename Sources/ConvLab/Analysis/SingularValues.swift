/// A thin singular value decomposition A = U·diag(σ)·Vᵀ of an m×n matrix, in `Double`.
public struct SingularValueDecomposition: Sendable {
    /// Left singular vectors: `u[i]` is the i-th vector (length m), paired with `singularValues[i]`.
    public let u: [[Double]]
    /// Singular values, largest first, never negative.
    public let singularValues: [Double]
    /// Right singular vectors: `v[i]` is the i-th vector (length n).
    public let v: [[Double]]

    /// Decomposes `matrix` (rows of equal length) by one-sided Jacobi rotations (Hestenes, 1958):
    /// rotate pairs of columns until all are orthogonal; the column norms are then the singular
    /// values. Small and accurate, which is all a k×k kernel needs.
    public init(_ matrix: [[Double]]) throws(FactorizationError) {
        let m = matrix.count
        guard m > 0, let n = matrix.first?.count, n > 0 else { throw .empty }
        guard matrix.allSatisfy({ $0.count == n }) else { throw .ragged(rowLengths: matrix.map(\.count)) }
        guard matrix.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw .notFinite }
        // Columns of A and of V, stored column-major so a rotation touches two arrays.
        var a = (0..<n).map { j in (0..<m).map { matrix[$0][j] } }
        var v = (0..<n).map { j in (0..<n).map { $0 == j ? 1.0 : 0.0 } }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<n {
                    let alpha = dot(a[p], a[p]), beta = dot(a[q], a[q]), gamma = dot(a[p], a[q])
                    guard abs(gamma) > 1e-15 * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    rotate(&a, p, q, c, s)
                    rotate(&v, p, q, c, s)
                }
            }
            if !rotated { break }
        }
        let norms = a.map { dot($0, $0).squareRoot() }
        let order = norms.indices.sorted { norms[$0] > norms[$1] }
        self.singularValues = order.map { norms[$0] }
        self.u = order.map { j in norms[j] > 0 ? a[j].map { $0 / norms[j] } : a[j] }
        self.v = order.map { v[$0] }
    }

    /// The best rank-r approximation Σ_{i<r} σᵢ·uᵢ·vᵢᵀ (Eckart–Young), as rows.
    public func reconstruction(rank r: Int) -> [[Double]] {
        let m = u.first?.count ?? 0, n = v.first?.count ?? 0
        var out = Array(repeating: Array(repeating: 0.0, count: n), count: m)
        for k in 0..<min(r, singularValues.count) {
            for i in 0..<m {
                for j in 0..<n { out[i][j] += singularValues[k] * u[k][i] * v[k][j] }
            }
        }
        return out
    }
}

private func dot(_ x: [Double], _ y: [Double]) -> Double {
    var total = 0.0
    for i in x.indices { total += x[i] * y[i] }
    return total
}

private func rotate(_ columns: inout [[Double]], _ p: Int, _ q: Int, _ c: Double, _ s: Double) {
    for i in columns[p].indices {
        let x = columns[p][i], y = columns[q][i]
        columns[p][i] = c * x - s * y
        columns[q][i] = s * x + c * y
    }
}

/// Why a kernel cannot be factorized.
public enum FactorizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No rows or no columns.
    case empty
    /// Rows of different lengths.
    case ragged(rowLengths: [Int])
    /// A NaN or an infinity.
    case notFinite
    /// A tensor that is not one 2-D kernel.
    case notAKernel(shape: [Int])

    /// A message a user can act on.
    public var description: String {
        switch self {
        case .empty: "the kernel is empty; pass at least a 1×1 matrix"
        case let .ragged(lengths): "the kernel's rows have different lengths \(lengths); every row needs as many entries as the first"
        case .notFinite: "the kernel holds NaN or infinity; check the weights before factorizing"
        case let .notAKernel(shape): "a tensor of shape \(shape) is not one kernel; pass [K_h, K_w] or [1, 1, K_h, K_w] (or pick one with weight[o, i])"
        }
    }
}
