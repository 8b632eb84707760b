import Testing
@testable import SeqKit

/// An LSTM keeps its largest per-pass arrays (32 MiB or more) for the next pass and overwrites
/// them (reuseForOverwrite): what a pass computes must not depend on what the previous pass left
/// there. T128 B128 H128 makes the gates and ∂z 8.4 Mi floats each, above the reuse threshold.
@Suite("Reused layer buffers")
struct BufferReuseTests {
    @Test func aPassAfterAnotherEqualsAFreshLayersPass() {
        let (nt, nb, h) = (128, 128, 128)
        #expect(nt * nb * 4 * h >= reusedLength)
        func layer() -> LSTM {
            var rng = SeededGenerator(seed: 21)
            let l = LSTM(h, returnSequences: true)
            _ = l.build(inputShape: [nt, 2], using: &rng)
            return l
        }
        var rng = SeededGenerator(seed: 4)
        let x1 = rng.normalTensor([nb, nt, 2]), x2 = rng.normalTensor([nb, nt, 2])
        let d1 = rng.normalTensor([nb, nt, h]), d2 = rng.normalTensor([nb, nt, h])

        let used = layer()
        _ = used.forward(x1)
        _ = used.backward(d1)
        let y = used.forward(x2)
        let dx = used.backward(d2)

        let fresh = layer()
        let yFresh = fresh.forward(x2)
        let dxFresh = fresh.backward(d2)
        #expect(bitDifference(y.scalars, yFresh.scalars) == nil)
        #expect(bitDifference(dx.scalars, dxFresh.scalars) == nil)
        #expect(bitDifference(used.lastGates.forget.scalars, fresh.lastGates.forget.scalars) == nil)
        for (a, b) in zip(used.parameters, fresh.parameters) {
            #expect(bitDifference(a.gradient.scalars, b.gradient.scalars) == nil, "\(a.name)")
        }

        #expect(keptForReuse([Float](repeating: 0, count: 10)).isEmpty)
        var small: [Float] = [1, 2, 3]
        reuseForOverwrite(&small, count: 3)
        #expect(small.count == 3)
    }
}
