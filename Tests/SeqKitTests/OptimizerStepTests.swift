import CSeqKitKernels
import SeqKit
import Testing

/// The optimizers' C steps (Sources/CSeqKitKernels/optimizers.c) against the formulas written
/// out in Swift, and the flush rule that keeps their state out of the subnormal numbers.
@Suite("Optimizer steps")
struct OptimizerStepTests {
    /// SeqKit's flush: +0 below 2⁻⁶⁰ in magnitude.
    static func flush(_ x: Float) -> Float { abs(x) < 0x1p-60 ? 0 : x }

    /// Gradients of every kind a step meets: ordinary, zero, signed zero, tiny, subnormal.
    static func gradients(_ n: Int, step: Int, using g: inout SeededGenerator) -> [Float] {
        let special: [Float] = [0, -0, 1e-20, -3e-19, 0x1p-60, Float.leastNonzeroMagnitude, 2e-39, 1e-30]
        // Every 7th element (i = 6, 13, …) only ever gets special values, so its state stays
        // tiny and the flush decides its bits; the others mix special and ordinary gradients.
        return (0..<n).map { i in
            i % 7 == 6 || (i + step) % 5 == 0 ? special[(i + step) % special.count] : g.uniform(-0.01, 0.01)
        }
    }

    @Test(arguments: [1, 3, 4, 7, 16, 37, 1000])
    func adamStepIsTheFormulaBitForBit(count n: Int) {
        var rng = SeededGenerator(seed: 11)
        var w = (0..<n).map { _ in rng.uniform(-0.5, 0.5) }, m = [Float](repeating: 0, count: n)
        var v = m
        var (rw, rm, rv) = (w, m, v)
        let (alpha, c1, c2, eps): (Float, Float, Float, Float) = (0.00123, 1 - 0.9, 1 - 0.999, 1e-7)
        for step in 0..<60 {
            let g = Self.gradients(n, step: step, using: &rng)
            sk_adam_step(n, &w, g, &m, &v, alpha, c1, c2, eps)
            for i in 0..<n {
                let gi = Self.flush(g[i])
                rm[i] = Self.flush(rm[i] + c1 * (gi - rm[i]))
                rv[i] = Self.flush(rv[i] + c2 * (gi * gi - rv[i]))
                rw[i] = rw[i] - alpha * rm[i] / (rv[i].squareRoot() + eps)
            }
        }
        #expect(w.map(\.bitPattern) == rw.map(\.bitPattern))
        #expect(m.map(\.bitPattern) == rm.map(\.bitPattern))
        #expect(v.map(\.bitPattern) == rv.map(\.bitPattern))
    }

    @Test(arguments: [1, 5, 33])
    func sgdStepIsTheFormulaBitForBit(count n: Int) {
        var rng = SeededGenerator(seed: 12)
        var w = (0..<n).map { _ in rng.uniform(-0.5, 0.5) }, vel = [Float](repeating: 0, count: n)
        var (rw, rvel) = (w, vel)
        for step in 0..<40 {
            let g = Self.gradients(n, step: step, using: &rng)
            sk_sgd_step(n, &w, g, &vel, 0.9, 0.05)
            for i in 0..<n {
                rvel[i] = Self.flush(0.9 * rvel[i] - 0.05 * g[i])
                rw[i] = rw[i] + rvel[i]
            }
        }
        #expect(w.map(\.bitPattern) == rw.map(\.bitPattern))
        #expect(vel.map(\.bitPattern) == rvel.map(\.bitPattern))
    }

    @Test func theTextbookRecurrenceGetsStuckAmongSubnormals() {
        // Why the flush exists: without it, m + 0.1·(0 − m) never reaches zero.
        var m: Float = 1e-3
        for _ in 0..<2000 { m += (1 - 0.9) * (0 - m) }
        #expect(m.isSubnormal && m > 0)
    }

    @Test func aZeroGradientDrivesTheStateToZeroWithoutASubnormal() {
        // β₂ = 0.99 rather than Keras' 0.999, so v decays in thousands of steps, not tens of thousands.
        var w: [Float] = [0.5, -0.25], m: [Float] = [0, 0], v: [Float] = [0, 0], vel: [Float] = [0, 0]
        sk_adam_step(2, &w, [0.3, -0.02], &m, &v, 0.001, 0.1, 0.01, 1e-7)
        sk_sgd_step(2, &w, [0.3, -0.02], &vel, 0.9, 0.01)
        let zero: [Float] = [0, 0]
        var subnormalSeen = false
        for _ in 0..<6_000 {
            sk_adam_step(2, &w, zero, &m, &v, 0.001, 0.1, 0.01, 1e-7)
            sk_sgd_step(2, &w, zero, &vel, 0.9, 0.01)
            for i in 0..<2 where m[i].isSubnormal || v[i].isSubnormal || vel[i].isSubnormal { subnormalSeen = true }
        }
        #expect(!subnormalSeen)
        #expect(m == [0, 0] && v == [0, 0] && vel == [0, 0])
    }

    @Test func adamStillMovesByTheLearningRateOnItsFirstStep() {
        let p = Parameter("w", Tensor([1, -1, 2]))
        p.gradient = Tensor([0.5, -2, 1e-20])     // the last is below 2⁻⁶⁰: counts as zero
        Adam().update([p])
        #expect(abs(p.value.scalars[0] - (1 - 0.001)) < 1e-7 && abs(p.value.scalars[1] - (-1 + 0.001)) < 1e-7)
        #expect(p.value.scalars[2] == 2)
    }
}
