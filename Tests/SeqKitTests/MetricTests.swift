import Testing
@testable import SeqKit

/// Metrics against values computed by hand, and `evaluateAll` reporting exactly what was compiled.
@Suite("Metrics")
struct MetricTests {
    /// Dense(units) with an identity kernel and zero bias: predictions are the inputs.
    func identity(_ units: Int, loss: Loss, metrics: [Metric]) -> Sequential {
        let m = Sequential(seed: 0, inputShape: [units]) { Dense(units) }
        var eye = Tensor(zeros: [units, units])
        for i in 0..<units { eye[i, i] = 1 }
        m.weights = [eye, Tensor(zeros: [units])]
        m.compile(optimizer: SGD(), loss: loss, metrics: metrics)
        return m
    }

    @Test func regressionMetricsByHand() {
        // p = [0.2, 0.7, −0.5, 1.5], y = [0, 1, 1, 1]: errors 0.2, −0.3, −1.5, 0.5.
        // MSE = (0.04 + 0.09 + 2.25 + 0.25)/4 = 0.6575; MAE = (0.2 + 0.3 + 1.5 + 0.5)/4 = 0.625;
        // accuracy at 0.5: p > 0.5 = [F, T, F, T] vs y = [F, T, T, T] → 3/4.
        let m = identity(1, loss: .meanSquaredError, metrics: [.meanAbsoluteError, .accuracy, .meanSquaredError])
        let x = Tensor(shape: [4, 1], scalars: [0.2, 0.7, -0.5, 1.5])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 1])
        // Batches of 3 and 1: means weighted by batch size give the same values.
        for batchSize in [4, 3, 1] {
            let r = m.evaluateAll(x, y, batchSize: batchSize)
            #expect(abs(r.loss - 0.6575) < 1e-6, "\(r.loss)")
            #expect(r.metrics.map(\.name) == ["mean_absolute_error", "accuracy", "mean_squared_error"])
            #expect(abs(r["mean_absolute_error"]! - 0.625) < 1e-6)
            #expect(r["accuracy"] == 0.75)
            #expect(abs(r["mean_squared_error"]! - 0.6575) < 1e-6)
            #expect(r["loss"] == r.loss && r["binary_accuracy"] == nil)
        }
    }

    @Test func accuracyFollowsTheLoss() {
        // Logits z = [−0.1, 0.3, 2, −3] against y = [1, 1, 1, 0]: threshold 0 → [F, T, T, F] → 3/4;
        // as probabilities (threshold 0.5) → [F, F, T, F] → 2/4.
        let z = Tensor(shape: [4, 1], scalars: [-0.1, 0.3, 2, -3])
        let y = Tensor(shape: [4, 1], scalars: [1, 1, 1, 0])
        #expect(identity(1, loss: .binaryCrossEntropyFromLogits, metrics: [.accuracy]).evaluateAll(z, y)["accuracy"] == 0.75)
        #expect(identity(1, loss: .binaryCrossEntropyFromLogits, metrics: [.binaryAccuracy]).evaluateAll(z, y)["binary_accuracy"] == 0.5)

        // Three classes, rows' argmax = [0, 2, 1, 1, 0].
        let p = Tensor([[0.9, 0.05, 0.05], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3], [0, 1, 0], [0.5, 0.2, 0.3]])
        let ids = Tensor(shape: [5], scalars: [0, 2, 2, 1, 1])                   // hits: 1, 1, 0, 1, 0
        let sparse = identity(3, loss: .sparseSoftmaxCrossEntropy, metrics: [.accuracy, .sparseCategoricalAccuracy])
        let rs = sparse.evaluateAll(p, ids, batchSize: 2)
        #expect(rs["accuracy"] == 0.6 && rs["sparse_categorical_accuracy"] == 0.6)
        var oneHot = Tensor(zeros: [5, 3])
        for (i, c) in ids.scalars.enumerated() { oneHot[i, Int(c)] = 1 }
        let categorical = identity(3, loss: .softmaxCrossEntropy, metrics: [.accuracy, .categoricalAccuracy])
        let rc = categorical.evaluateAll(p, oneHot)
        #expect(rc["accuracy"] == 0.6 && rc["categorical_accuracy"] == 0.6)
    }

    @Test func noMetricsMeansNoMetrics() {
        let m = identity(1, loss: .meanSquaredError, metrics: [])
        let x = Tensor(shape: [2, 1], scalars: [1, 2]), y = Tensor(shape: [2, 1], scalars: [0, 0])
        let r = m.evaluateAll(x, y)
        #expect(r.metrics.isEmpty && r["accuracy"] == nil)
        #expect(r.logs == ["loss": 2.5])                                         // (1 + 4) / 2
        #expect(m.evaluate(x, y) == 2.5)
        let h = m.fit(x, y, epochs: 2, verbose: .silent)
        #expect(Set(h.logs.keys) == ["loss"] && h.accuracy.isEmpty)
    }

    @Test func trainingMetricsAreMeansOfTheBatchesBeforeEachUpdate() {
        // With learning rate 0 the weights never move: the epoch's metrics equal evaluate's.
        let m = identity(1, loss: .meanSquaredError, metrics: [.meanAbsoluteError, .accuracy])
        m.compile(optimizer: SGD(learningRate: 0), loss: .meanSquaredError, metrics: [.meanAbsoluteError, .accuracy])
        let x = Tensor(shape: [4, 1], scalars: [0.2, 0.7, -0.5, 1.5])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 1])
        let h = m.fit(x, y, epochs: 1, batchSize: 3, verbose: .silent)
        #expect(abs(h["mean_absolute_error"]![0] - 0.625) < 1e-6)
        #expect(h.accuracy == [0.75])
        #expect(abs(h.loss[0] - 0.6575) < 1e-6)
    }

    @Test func metricNamesAreKeras() {
        #expect([Metric.accuracy, .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy,
                 .meanAbsoluteError, .meanSquaredError].map(\.name) ==
                ["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                 "mean_absolute_error", "mean_squared_error"])
    }
}
