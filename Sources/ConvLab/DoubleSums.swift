/// Sums of float runs accumulated in `Double`, eight lanes at a time. A single running
/// `Double` sum waits four cycles per element on the previous addition, which made batch
/// normalisation's statistics a tenth of a small network's training time (chapter 7; the
/// bias gradient of a convolution is the same sum);
/// sixteen lanes in two vectors keep the adder busy. The lanes are added in a fixed order,
/// so results do not depend on anything but the data.
enum DoubleSums {
    /// Σ x[i] for i < count.
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var a = SIMD8<Double>(), b = SIMD8<Double>()
        var i = 0
        while i &+ 16 <= count {
            let raw = UnsafeRawPointer(x + i)
            a += SIMD8<Double>(raw.loadUnaligned(as: SIMD8<Float>.self))
            b += SIMD8<Double>(raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            i &+= 16
        }
        var total = (a + b).sum()
        while i < count { total += Double(x[i]); i &+= 1 }
        return total
    }

    /// Σ (x[i] − m)² for i < count.
    static func squaredDeviations(_ x: UnsafePointer<Float>, count: Int, from m: Double) -> Double {
        let mean = SIMD8<Double>(repeating: m)
        var a = SIMD8<Double>(), b = SIMD8<Double>()
        var i = 0
        while i &+ 16 <= count {
            let raw = UnsafeRawPointer(x + i)
            let d0 = SIMD8<Double>(raw.loadUnaligned(as: SIMD8<Float>.self)) - mean
            let d1 = SIMD8<Double>(raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)) - mean
            a = a.addingProduct(d0, d0)
            b = b.addingProduct(d1, d1)
            i &+= 16
        }
        var total = (a + b).sum()
        while i < count { let d = Double(x[i]) - m; total += d * d; i &+= 1 }
        return total
    }

    /// (Σ y[i], Σ y[i]·z[i]) for i < count.
    static func sumAndDot(_ y: UnsafePointer<Float>, _ z: UnsafePointer<Float>, count: Int) -> (Double, Double) {
        var s0 = SIMD8<Double>(), s1 = SIMD8<Double>(), p0 = SIMD8<Double>(), p1 = SIMD8<Double>()
        var i = 0
        while i &+ 16 <= count {
            let yr = UnsafeRawPointer(y + i), zr = UnsafeRawPointer(z + i)
            let y0 = SIMD8<Double>(yr.loadUnaligned(as: SIMD8<Float>.self))
            let y1 = SIMD8<Double>(yr.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            s0 += y0
            s1 += y1
            p0 = p0.addingProduct(y0, SIMD8<Double>(zr.loadUnaligned(as: SIMD8<Float>.self)))
            p1 = p1.addingProduct(y1, SIMD8<Double>(zr.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)))
            i &+= 16
        }
        var sum = (s0 + s1).sum(), dot = (p0 + p1).sum()
        while i < count { sum += Double(y[i]); dot += Double(y[i]) * Double(z[i]); i &+= 1 }
        return (sum, dot)
    }
}
