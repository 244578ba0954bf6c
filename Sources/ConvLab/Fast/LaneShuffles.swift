/// Fixed permutes of 16-float vectors, each spelled out lane by lane, which the optimiser
/// turns into one or two permute instructions (`vunpcklps`, `vpermt2ps`, …) with the values
/// kept in registers.
///
/// Why spelled out. Swift has no shuffle with constant lanes: `SIMD32`'s `evenHalf` and
/// `oddHalf` stayed calls into the standard library where a transpose named its vectors, and
/// a generic shuffle taking its lanes as a vector built that vector as an array on every
/// call. Why one place: the ∂weight transpose (`WeightGradient.transpose16x16`) and the
/// stride-2 phase planes (`PlaneLayout.scatterImage`, `gatherImage`) use the same moves.
enum Lanes {
    /// Lanes 0 and 1 of each 128-bit quarter of `a` and `b`, interleaved: a0 b0 a1 b1, a4 b4 a5 b5, … (`vunpcklps`).
    @inline(__always)
    static func unpackLow(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], b[0], a[1], b[1], a[4], b[4], a[5], b[5], a[8], b[8], a[9], b[9], a[12], b[12], a[13], b[13])
    }
    /// Lanes 2 and 3 of each 128-bit quarter of `a` and `b`, interleaved: a2 b2 a3 b3, a6 b6 a7 b7, … (`vunpckhps`).
    @inline(__always)
    static func unpackHigh(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[2], b[2], a[3], b[3], a[6], b[6], a[7], b[7], a[10], b[10], a[11], b[11], a[14], b[14], a[15], b[15])
    }
    /// The low pair of each quarter of `a`, then of `b`: a0 a1 b0 b1, a4 a5 b4 b5, … (`vunpcklpd`).
    @inline(__always)
    static func pairsLow(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], a[1], b[0], b[1], a[4], a[5], b[4], b[5], a[8], a[9], b[8], b[9], a[12], a[13], b[12], b[13])
    }
    /// The high pair of each quarter of `a`, then of `b`: a2 a3 b2 b3, a6 a7 b6 b7, … (`vunpckhpd`).
    @inline(__always)
    static func pairsHigh(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[2], a[3], b[2], b[3], a[6], a[7], b[6], b[7], a[10], a[11], b[10], b[11], a[14], a[15], b[14], b[15])
    }
    /// Quarters 0 and 1 of `a` and `b`, alternating: a's first, b's first, a's second, b's second.
    @inline(__always)
    static func quartersLow(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3], a[4], a[5], a[6], a[7], b[4], b[5], b[6], b[7])
    }
    /// Quarters 2 and 3 of `a` and `b`, alternating.
    @inline(__always)
    static func quartersHigh(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[8], a[9], a[10], a[11], b[8], b[9], b[10], b[11], a[12], a[13], a[14], a[15], b[12], b[13], b[14], b[15])
    }
    /// Lanes 0, 2, …, 30 of `a` then `b` read as 32 lanes.
    @inline(__always)
    static func evens(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], a[2], a[4], a[6], a[8], a[10], a[12], a[14], b[0], b[2], b[4], b[6], b[8], b[10], b[12], b[14])
    }
    /// Lanes 1, 3, …, 31 of `a` then `b` read as 32 lanes.
    @inline(__always)
    static func odds(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[1], a[3], a[5], a[7], a[9], a[11], a[13], a[15], b[1], b[3], b[5], b[7], b[9], b[11], b[13], b[15])
    }
    /// Lanes 0 … 7 of `a` and `b` alternating, a0 b0 a1 b1 …: with `zipHigh`, the inverse of `evens` and `odds`.
    @inline(__always)
    static func zipLow(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7])
    }
    /// Lanes 8 … 15 of `a` and `b` alternating, a8 b8 a9 b9 ….
    @inline(__always)
    static func zipHigh(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[8], b[8], a[9], b[9], a[10], b[10], a[11], b[11], a[12], b[12], a[13], b[13], a[14], b[14], a[15], b[15])
    }
}
