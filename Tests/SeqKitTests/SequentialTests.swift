import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SeqKit

@Suite("Sequential models")
struct SequentialTests {
    /// The blog post's Keras example, in Swift.
    func kerasExample(seed: UInt64 = 42) -> Sequential {
        Sequential(seed: seed) {
            LSTM(64, inputShape: [100, 1])
            Dense(1, activation: .sigmoid)
        }
    }

    /// The summary of the blog's example equals the table Keras 3 printed for the same model
    /// (References/keras_summary.json, "summary_text"), character for character.
    @Test func summaryTableEqualsKeras() throws {
        let ref = try loadReference("keras_summary.json")
        let models = try #require(ref["models"] as? [[String: Any]])
        let keras = try #require(models.first { $0["model"] as? String == "lstm64_dense1" }?["summary_text"] as? String)
        #expect(kerasExample().summary() + "\n" == keras)
    }

    /// The GRU's table equals Keras' for GRU(64) on 1 feature and Dense(1), character for
    /// character (Keras' default reset_after=True: 3·(1·64 + 64·64 + 2·64) = 12,864).
    @Test func gruSummaryTableEqualsKeras() throws {
        let ref = try loadReference("keras_summary.json")
        let models = try #require(ref["models"] as? [[String: Any]])
        let keras = try #require(models.first { $0["model"] as? String == "gru64_dense1" }?["summary_text"] as? String)
        let model = Sequential(seed: 42) { GRU(64, inputShape: [100, 1]); Dense(1, activation: .sigmoid) }
        #expect(model.summary() + "\n" == keras)
    }

    /// Every model in References/keras_summary.json, rebuilt here, has Keras' per-layer counts.
    @Test func parameterCountsEqualKeras() throws {
        let ref = try loadReference("keras_summary.json")
        let models = try #require(ref["models"] as? [[String: Any]])
        let ours: [String: Sequential] = [
            "lstm64_dense1": kerasExample(),
            "stacked_lstm": Sequential { LSTM(128, returnSequences: true, inputShape: [50, 8]); LSTM(32); Dense(3) },
            "simple_rnn16": Sequential { SimpleRNN(16, inputShape: [20, 3]); Dense(1) },
            "embedding_lstm": Sequential { Embedding(vocabularySize: 50, dimension: 8, inputLength: 12); LSTM(16); Dense(50) },
            "self_attention_1head": Sequential { SelfAttention(keyDim: 8, inputShape: [10, 16]) },
            "gru64_dense1": Sequential { GRU(64, inputShape: [100, 1]); Dense(1, activation: .sigmoid) },
            "stacked_gru": Sequential { GRU(32, returnSequences: true, inputShape: [50, 8]); GRU(18); Dense(1) },
        ]
        #expect(Set(ours.keys) == Set(models.compactMap { $0["model"] as? String }))
        for m in models {
            let name = try #require(m["model"] as? String)
            let model = try #require(ours[name])
            let layers = try #require(m["layers"] as? [[String: Any]])
            #expect(model.layers.map(\.parameterCount) == layers.compactMap { $0["params"] as? Int }, "\(name)")
            #expect(model.outputShapes == layers.compactMap { $0["output_shape"] as? [Int] }, "\(name)")
            #expect(model.parameterCount == m["total"] as? Int, "\(name)")
        }
    }

    /// A tiny sequence task: is the sum of the sequence positive?
    func task(_ n: Int, seed: UInt64) -> (Tensor, Tensor) {
        var g = SeededGenerator(seed: seed)
        let x = g.normalTensor([n, 8, 1])
        let y = Tensor(shape: [n, 1], scalars: (0..<n).map { i in (0..<8).reduce(0) { $0 + x[i, $1, 0] } > 0 ? 1 : 0 })
        return (x, y)
    }

    func train(seed: UInt64) -> (History, [Float]) {
        let (x, y) = task(256, seed: 1)
        let model = Sequential(seed: seed) {
            LSTM(8, inputShape: [8, 1])
            Dense(1, activation: .sigmoid)
        }
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossEntropy, metrics: [.accuracy])
        let h = model.fit(x, y, epochs: 15, batchSize: 32, validationData: task(128, seed: 2), verbose: .silent)
        return (h, model.parameters.flatMap { $0.value.scalars })
    }

    /// The same task with a GRU: it learns, and the same seed gives the same bits.
    @Test func gruLearnsAndSameSeedIsBitIdentical() {
        func run(_ seed: UInt64) -> (History, [UInt32]) {
            let model = Sequential(seed: seed) { GRU(8, inputShape: [8, 1]); Dense(1, activation: .sigmoid) }
            model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossEntropy, metrics: [.accuracy])
            let (x, y) = task(256, seed: 1)
            let h = model.fit(x, y, epochs: 15, batchSize: 32, validationData: task(128, seed: 2), verbose: .silent)
            return (h, model.parameters.flatMap { $0.value.scalars.map(\.bitPattern) })
        }
        let (h1, w1) = run(7), (h2, w2) = run(7)
        #expect(w1 == w2 && h1.loss.map(\.bitPattern) == h2.loss.map(\.bitPattern))
        #expect(h1.loss.last! < 0.3, "loss \(h1.loss)")
        #expect(h1.validationAccuracy.last! > 0.9, "val accuracy \(h1.validationAccuracy)")
    }

    @Test func fitLearnsAndSameSeedIsBitIdentical() {
        let (h1, w1) = train(seed: 7)
        let (h2, w2) = train(seed: 7)
        let (h3, _) = train(seed: 8)
        // Bit-identical: compare bit patterns, not values with a tolerance.
        #expect(w1.map(\.bitPattern) == w2.map(\.bitPattern))
        #expect(h1.loss.map(\.bitPattern) == h2.loss.map(\.bitPattern))
        #expect(h1.loss != h3.loss)
        // It learns: chance is 0.5 accuracy and loss ln 2 ≈ 0.693.
        #expect(h1.loss.last! < 0.3, "loss \(h1.loss)")
        #expect(h1.validationAccuracy.last! > 0.9, "val accuracy \(h1.validationAccuracy)")
        #expect(h1.loss.count == 15 && h1.validationLoss.count == 15)
    }

    @Test func evaluateAndPredictAgreeWithForward() {
        let (x, y) = task(40, seed: 3)
        let model = Sequential(seed: 1) { SimpleRNN(5, inputShape: [8, 1]); Dense(1) }
        model.compile(optimizer: SGD(learningRate: 0.1, momentum: 0.9), loss: .meanSquaredError)
        let p = model.predict(x, batchSize: 16)
        #expect(p.shape == [40, 1])
        let direct = model(x)
        #expect(p.scalars.map(\.bitPattern) == direct.scalars.map(\.bitPattern))
        let full = Loss.meanSquaredError(direct, y).value
        #expect(abs(model.evaluate(x, y, batchSize: 16) - full) < 1e-6)
    }

    @Test func inputGradientGivesPerStepSensitivity() {
        let model = Sequential(seed: 2) { LSTM(6, inputShape: [10, 2]); Dense(1) }
        var g = SeededGenerator(seed: 5)
        let x = g.normalTensor([1, 10, 2])
        let s = model.inputGradient(x, outputGradient: Tensor(shape: [1, 1], scalars: [1]))
        #expect(s.shape == [1, 10, 2])
        // Finite difference of the output with respect to x_{t=3, f=1}.
        var xp = x, xm = x
        xp[0, 3, 1] += 1e-2; xm[0, 3, 1] -= 1e-2
        let fd = (model(xp).scalars[0] - model(xm).scalars[0]) / 2e-2
        #expect(abs(fd - s[0, 3, 1]) < 2e-3, "fd \(fd) vs \(s[0, 3, 1])")
    }

    @Test func internalsHaveTheDocumentedShapes() {
        let lstm = LSTM(4, returnSequences: true)
        let model = Sequential(seed: 3, inputShape: [7, 2]) { lstm; Dense(1) }
        var g = SeededGenerator(seed: 1)
        let x = g.normalTensor([3, 7, 2])
        let out = model(x)
        model.backward(Tensor(repeating: 1, shape: out.shape))
        let gates = lstm.lastGates
        for t in [gates.input, gates.forget, gates.candidate, gates.output, lstm.lastHiddenStates,
                  lstm.lastCellStates, lstm.lastHiddenStateGradients] {
            #expect(t.shape == [3, 7, 4])
        }
        // h_t = o_t ⊙ tanh(c_t), element by element (a consistency check of the accessors).
        for i in 0..<gates.output.count {
            let h = gates.output.scalars[i] * Float(tanh(Double(lstm.lastCellStates.scalars[i])))
            #expect(abs(h - lstm.lastHiddenStates.scalars[i]) < 1e-6)
        }
        #expect(gates.forget.scalars.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test func epochLinesHaveFixedDigits() {
        #expect(fixed(0.69314718) == "0.6931")
        #expect(fixed(-0.00004) == "0.0000")
        #expect(fixed(12.5) == "12.5000")
        #expect(fixed(-1.23456) == "-1.2346")
        #expect(fixedDigits(2.5, 0) == "3" && fixedDigits(-2.5, 0) == "-3")
        #expect(fixedDigits(0.001, 2) == "0.00" && fixedDigits(1234.5678, 2) == "1234.57")
        #expect(fixedDigits(Double.infinity, 2) == "inf")
    }

    @Test func gradientClippingKeepsDirection() {
        let p = Parameter("w", Tensor([0, 0]))
        p.gradient = Tensor([3, 4])
        let norm = clipGradientsByGlobalNorm([p], maxNorm: 1)
        #expect(norm == 5)
        #expect(p.gradient.scalars == [0.6, 0.8])
    }

    @Test func adamFirstStepMovesByLearningRate() {
        // With bias correction, Adam's first step is η·g/(|g| + ε̂) ≈ η·sign(g).
        let p = Parameter("w", Tensor([1, -1]))
        p.gradient = Tensor([0.5, -2])
        Adam().update([p])
        #expect(abs(p.value.scalars[0] - (1 - 0.001)) < 1e-7 && abs(p.value.scalars[1] - (-1 + 0.001)) < 1e-7)
    }
}

