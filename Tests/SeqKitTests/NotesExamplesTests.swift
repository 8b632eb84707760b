import Foundation
import Testing
@testable import SeqKit

/// The code shown in Sources/SeqKit/README.md, compiled and run, so the guide for chapter authors cannot rot.
@Suite("SeqKit README examples")
struct NotesExamplesTests {
    @Test func lstmModelTour() {
        // Data: 200 sequences of 20 steps, label = "is the sum of the sequence positive?"
        var rng = SeededGenerator(seed: 2024)
        let x = rng.normalTensor([200, 20, 1])
        let y = Tensor(shape: [200, 1], scalars: (0..<200).map { i in (0..<20).reduce(0) { $0 + x[i, $1, 0] } > 0 ? 1 : 0 })

        let lstm = LSTM(16)
        let model = Sequential(seed: 42, inputShape: [20, 1]) {
            lstm
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossEntropy, metrics: [.accuracy])
        let history = model.fit(x, y, epochs: 20, batchSize: 32,
                                validationData: (x.slice(150..<200), y.slice(150..<200)))
        #expect(history.accuracy.last! > 0.9, "\(history.accuracy)")

        // Internals of the last forward pass (batch 0 of the last predict/evaluate/forward call):
        _ = model(x.slice(0..<1))
        let gates = lstm.lastGates                  // each (1, 20, 16)
        #expect(gates.forget.shape == [1, 20, 16])

        // Sensitivity of the output to each input step: ∂ŷ/∂x_t.
        let s = model.inputGradient(x.slice(0..<1), outputGradient: Tensor([[1]]))
        #expect(s.shape == [1, 20, 1])
        // ∂loss/∂h_t per step, from the backward pass just run.
        #expect(lstm.lastHiddenStateGradients.shape == [1, 20, 16])
    }

    @Test func attentionTour() {
        var rng = SeededGenerator(seed: 1)
        let q = rng.normalTensor([1, 4, 8]), k = rng.normalTensor([1, 4, 8]), v = rng.normalTensor([1, 4, 8])
        let r = scaledDotProductAttention(query: q, key: k, value: v, causal: true)
        #expect(r.weights[0, 0, 1] == 0 && r.weights[0, 0, 0] == 1)   // step 0 sees only itself
        let pe = sinusoidalPositionalEncoding(length: 50, dModel: 8)
        #expect(pe.shape == [50, 8])
    }

    @Test func autoregressiveFitTour() {
        // AR(2): x_t = 0.6 x_{t−1} − 0.3 x_{t−2} + ε_t; fit by least squares (QR, Double).
        var rng = SeededGenerator(seed: 3)
        var series: [Double] = [0, 0]
        for _ in 0..<2000 { series.append(0.6 * series[series.count - 1] - 0.3 * series[series.count - 2] + rng.normalDouble()) }
        let rows = (2..<series.count).map { [series[$0 - 1], series[$0 - 2]] }
        let coefficients = leastSquares(DoubleMatrix(rows), Array(series[2...]))
        // Standard error of each coefficient ≈ 1/√2000 ≈ 0.02; allow 4 of them.
        #expect(abs(coefficients[0] - 0.6) < 0.08 && abs(coefficients[1] + 0.3) < 0.08, "\(coefficients)")
    }

    @Test func kerasEverydayTour() throws {
        var rng = SeededGenerator(seed: 2024)
        let x = rng.normalTensor([200, 20, 1])
        let y = Tensor(shape: [200, 1], scalars: (0..<200).map { i in (0..<20).reduce(0) { $0 + x[i, $1, 0] } > 0 ? 1 : 0 })
        let model = Sequential(seed: 42, inputShape: [20, 1]) { LSTM(16); Dense(1, activation: .sigmoid) }
        let folder = NSTemporaryDirectory() + "seqkit-tour-\(getpid())/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossEntropy,
                      metrics: [.accuracy, .meanSquaredError])
        let stop = EarlyStopping(monitor: "val_loss", patience: 3, restoreBestWeights: true)
        let best = ModelCheckpoint(path: folder + "best.safetensors", monitor: "val_loss", saveBestOnly: true)
        let history = try model.fit(x, y, epochs: 50, batchSize: 32, validationSplit: 0.25,
                                    callbacks: [stop, best], verbose: .silent)
        #expect(history["val_mean_squared_error"]?.count == history.epochCount)
        #expect(history.stoppedEpoch == nil || history.stoppedEpoch == history.epochCount)
        let scores = model.evaluateAll(x, y)
        #expect(scores["accuracy"]! > 0.9, "\(scores.logs)")
        try model.saveWeights(to: folder + "model.safetensors")
        // The restored best weights are the best checkpoint's.
        let copy = Sequential(seed: 1, inputShape: [20, 1]) { LSTM(16); Dense(1, activation: .sigmoid) }
        try copy.loadWeights(from: folder + "best.safetensors")
        #expect(copy.weights.flatMap(\.scalars) == model.weights.flatMap(\.scalars))
        try copy.loadWeights(from: folder + "model.safetensors")
        #expect(copy.predict(x).scalars == model.predict(x).scalars)
    }
}

@Suite("Transformer teaser pipeline")
struct TransformerPipelineTests {
    /// Token ids → Embedding → positional encoding → causal self-attention → Dense(vocab), trained
    /// with sparse softmax cross-entropy to output, at every step, the token one step earlier —
    /// a task only attention to the previous position solves.
    @Test func learnsToAttendToThePreviousToken() {
        let vocab = 6, steps = 8, n = 256
        var rng = SeededGenerator(seed: 11)
        let ids = (0..<(n * steps)).map { _ in Float(rng.int(below: vocab)) }
        let x = Tensor(shape: [n, steps], scalars: ids)
        // Target at step t is the id at t − 1 (step 0 predicts itself).
        let y = Tensor(shape: [n, steps], scalars: (0..<(n * steps)).map { i in ids[i % steps == 0 ? i : i - 1] })
        let attention = SelfAttention(keyDim: 16, causal: true)
        let model = Sequential(seed: 5) {
            Embedding(vocabularySize: vocab, dimension: 16, inputLength: steps)
            PositionalEncoding()
            attention
            Dense(vocab)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseSoftmaxCrossEntropy, metrics: [.accuracy])
        let h = model.fit(x, y, epochs: 30, batchSize: 32)
        #expect(h.accuracy.last! > 0.9, "\(h.accuracy)")
        // The learned weights of step 5 put most mass on step 4.
        _ = model(x.slice(0..<1))
        let w = attention.lastAttentionWeights
        #expect(w[0, 5, 4] > 0.5, "weights of step 5: \((0..<steps).map { w[0, 5, $0] })")
    }
}
