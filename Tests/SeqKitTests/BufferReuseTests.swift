import Testing
@testable import SeqKit

/// Recurrent layers keep their per-pass arrays of 128 KiB or more for the next pass and overwrite
/// them (reuseForOverwrite, takenForOverwrite): what a pass computes must not depend on what the
/// previous pass left there. T16 B32 F64 H64 makes every kept array (inputs, states, gates, ∂z,
/// ∂h, ∂x) at least 32 Ki floats, the reuse threshold, so each of them is reused.
@Suite("Reused layer buffers")
struct BufferReuseTests {
    enum Kind: String, CaseIterable, Sendable { case lstm, gru, simpleRNN }

    struct Case: CustomTestStringConvertible, Sendable {
        let kind: Kind, returnSequences: Bool
        var testDescription: String { "\(kind.rawValue)\(returnSequences ? ", sequences" : "")" }
    }

    static let cases = Kind.allCases.flatMap { k in [false, true].map { Case(kind: k, returnSequences: $0) } }
    static let (steps, batch, features, units) = (16, 32, 64, 64)

    /// The layer's outputs and everything it lets a reader inspect after a backward pass.
    static func observed(_ layer: any Layer, _ x: Tensor, _ dy: Tensor) -> [(String, [Float])] {
        let y = layer.forward(x)
        let dx = layer.backward(dy)
        var seen = [("output", y.scalars), ("∂x", dx.scalars)]
        for p in layer.parameters { seen.append(("∂\(p.name)", p.gradient.scalars)) }
        switch layer {
        case let l as LSTM:
            seen += [("states", l.lastHiddenStates.scalars), ("cells", l.lastCellStates.scalars),
                     ("forget gates", l.lastGates.forget.scalars), ("∂h", l.lastHiddenStateGradients.scalars)]
        case let l as GRU:
            seen += [("states", l.lastHiddenStates.scalars), ("∂h", l.lastHiddenStateGradients.scalars)]
        case let l as SimpleRNN:
            seen += [("states", l.lastHiddenStates.scalars), ("∂h", l.lastHiddenStateGradients.scalars)]
        default:
            Issue.record("unexpected layer \(type(of: layer))")
        }
        return seen
    }

    @Test("a pass after another equals a fresh layer's pass", arguments: cases)
    func aPassAfterAnotherEqualsAFreshLayersPass(_ c: Case) {
        let (nt, nb, nf, h) = (Self.steps, Self.batch, Self.features, Self.units)
        #expect(nt * nb * h >= reusedLength && nt * nb * nf >= reusedLength)
        func layer() -> any Layer {
            var rng = SeededGenerator(seed: 21)
            let l: any Layer = switch c.kind {
            case .lstm: LSTM(h, returnSequences: c.returnSequences)
            case .gru: GRU(h, returnSequences: c.returnSequences)
            case .simpleRNN: SimpleRNN(h, returnSequences: c.returnSequences)
            }
            _ = l.build(inputShape: [nt, nf], using: &rng)
            return l
        }
        var rng = SeededGenerator(seed: 4)
        let outShape = c.returnSequences ? [nb, nt, h] : [nb, h]
        let x1 = rng.normalTensor([nb, nt, nf]), x2 = rng.normalTensor([nb, nt, nf])
        let d1 = rng.normalTensor(outShape), d2 = rng.normalTensor(outShape)

        let used = layer()
        _ = Self.observed(used, x1, d1)
        let again = Self.observed(used, x2, d2)
        let fresh = Self.observed(layer(), x2, d2)
        #expect(again.map(\.0) == fresh.map(\.0))
        for (a, b) in zip(again, fresh) {
            #expect(bitDifference(a.1, b.1) == nil, "\(a.0)")
        }
    }

    @Test func smallBuffersAreLeftToMalloc() {
        #expect(keptForReuse([Float](repeating: 0, count: 10)).isEmpty)
        #expect(keptForReuse([Float](repeating: 0, count: reusedLength)).count == reusedLength)
        var small: [Float] = [1, 2, 3]
        reuseForOverwrite(&small, count: 3)
        #expect(small.count == 3)
        var held: [Float] = [Float](repeating: 1, count: reusedLength)
        let taken = takenForOverwrite(&held, count: reusedLength)
        #expect(held.isEmpty && taken.count == reusedLength)
    }
}
