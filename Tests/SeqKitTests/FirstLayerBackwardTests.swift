import Testing
@testable import SeqKit

/// Training does not compute ∂loss/∂input of a model's first layer (nobody reads it):
/// `Layer.backwardParameters` must set the very bits `backward` sets, and `trainStep`/`fit` must
/// ask for it from the first layer only.
@Suite("First layer: parameter gradients without ∂input")
struct FirstLayerBackwardTests {
    /// A layer and an input for it, batch axis first.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String, inputShape: [Int], batch: Int
        let make: @Sendable () -> any Layer
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LSTM last step", inputShape: [6, 3], batch: 5) { LSTM(7) },
        Case(name: "LSTM sequences", inputShape: [4, 2], batch: 3) { LSTM(9, returnSequences: true) },
        Case(name: "LSTM one step", inputShape: [1, 1], batch: 1) { LSTM(4) },
        Case(name: "GRU last step", inputShape: [5, 3], batch: 4) { GRU(6) },
        Case(name: "GRU sequences", inputShape: [3, 4], batch: 2) { GRU(5, returnSequences: true) },
        Case(name: "SimpleRNN last step", inputShape: [6, 2], batch: 3) { SimpleRNN(8) },
        Case(name: "SimpleRNN sequences", inputShape: [4, 3], batch: 2) { SimpleRNN(5, returnSequences: true) },
        Case(name: "Dense tanh", inputShape: [11], batch: 6) { Dense(4, activation: .tanh) },
        Case(name: "Dense on sequences", inputShape: [3, 5], batch: 2) { Dense(3) },
    ]

    static func bits(_ layer: any Layer) -> [[UInt32]] {
        layer.parameters.map { $0.gradient.scalars.map(\.bitPattern) }
    }

    @Test(arguments: cases)
    func sameGradientBitsAsBackward(_ c: Case) {
        var rng = SeededGenerator(seed: 11)
        let layer = c.make()
        let out = layer.build(inputShape: c.inputShape, using: &rng)
        let x = rng.normalTensor([c.batch] + c.inputShape)
        let dy = rng.normalTensor([c.batch] + out)
        _ = layer.forward(x)
        let dx = layer.backward(dy)
        #expect(dx.shape == x.shape)
        let full = Self.bits(layer)
        #expect(!full.isEmpty && full.allSatisfy { !$0.isEmpty })
        // Overwrite the gradients so that a backwardParameters that set nothing would fail.
        for p in layer.parameters { p.gradient = Tensor(repeating: .nan, shape: p.value.shape) }
        _ = layer.forward(x)
        layer.backwardParameters(dy)
        #expect(Self.bits(layer) == full)
    }

    /// A Dense(2) that records which backward it was asked for. Not a `Layer` itself: each
    /// subclass conforms on its own, so the one that writes `backwardParameters` gets it as its
    /// witness and the other gets the protocol's default.
    class RecordingDense {
        let dense = Dense(2)
        var calls: [String] = []
        var typeName: String { "Recorder" }
        func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
            dense.build(inputShape: inputShape, using: &rng)
        }
        var parameters: [Parameter] { dense.parameters }
        func forward(_ x: Tensor) -> Tensor { dense.forward(x) }
        func backward(_ dOutput: Tensor) -> Tensor { calls.append("backward"); return dense.backward(dOutput) }
    }

    /// Keeps the default `backwardParameters` (backward, result dropped).
    final class Recorder: RecordingDense, Layer {}

    /// With its own `backwardParameters`.
    final class ParameterRecorder: RecordingDense, Layer {
        func backwardParameters(_ dOutput: Tensor) { calls.append("parameters"); dense.backwardParameters(dOutput) }
    }

    /// trainStep and fit ask the first layer for parameter gradients only, the others for
    /// `backward`; model.backward (∂input wanted) asks every layer for `backward`.
    @Test func onlyTheFirstLayerIsAskedForParametersOnly() {
        let first = ParameterRecorder(), second = ParameterRecorder()
        let m = Sequential(seed: 3, inputShape: [3]) { first; second }
        m.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        var rng = SeededGenerator(seed: 9)
        let x = rng.normalTensor([4, 3]), y = rng.normalTensor([4, 2])
        _ = m.trainStep(x, y)
        #expect(first.calls == ["parameters"] && second.calls == ["backward"])
        _ = m.fit(x, y, epochs: 1, batchSize: 2, verbose: .silent)
        #expect(first.calls == ["parameters", "parameters", "parameters"])
        #expect(second.calls == ["backward", "backward", "backward"])
        _ = m.inputGradient(x, outputGradient: y)
        #expect(first.calls.last == "backward" && second.calls.last == "backward")
    }

    /// trainStep asks the first layer for parameters only (a layer without its own
    /// `backwardParameters` gets the default, which calls `backward`), every other layer for
    /// `backward`; and the update equals the one `backward` + `optimizer.update` gives.
    @Test func trainStepSkipsOnlyTheFirstLayersInputGradient() throws {
        func model() -> (Sequential, Recorder, Recorder) {
            let a = Recorder(), b = Recorder()
            let m = Sequential(seed: 3, inputShape: [6, 2]) { LSTM(5); a; b }
            m.compile(optimizer: Adam(learningRate: 0.01), loss: .meanSquaredError)
            return (m, a, b)
        }
        var rng = SeededGenerator(seed: 5)
        let x = rng.normalTensor([4, 6, 2]), y = rng.normalTensor([4, 2])

        let (trained, a, b) = model()
        let lstm = try #require(trained.layers.first as? LSTM)
        _ = trained.trainStep(x, y)
        #expect(a.calls == ["backward"] && b.calls == ["backward"])
        #expect(lstm.lastHiddenStateGradients.count == 4 * 6 * 5)

        let (byHand, _, _) = model()
        let (_, grad) = Loss.meanSquaredError(byHand(x), y)
        byHand.backward(grad)
        byHand.optimizer!.update(byHand.parameters)
        #expect(trained.parameters.map { $0.value.scalars.map(\.bitPattern) }
                == byHand.parameters.map { $0.value.scalars.map(\.bitPattern) })

        // A Recorder first: the default backwardParameters, i.e. its backward, once.
        let first = Recorder()
        let m = Sequential(seed: 3, inputShape: [3]) { first; Dense(2) }
        m.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        _ = m.trainStep(rng.normalTensor([2, 3]), rng.normalTensor([2, 2]))
        #expect(first.calls == ["backward"])
    }
}
