import Foundation
import Testing
@testable import SeqKit

/// Callbacks (EarlyStopping, ModelCheckpoint, LambdaCallback), validation split, and the
/// order in which `fit` calls callbacks.
@Suite("Callbacks and validation split")
struct CallbackTests {
    func tiny(seed: UInt64 = 1) -> Sequential {
        let m = Sequential(seed: seed, inputShape: [1]) { Dense(1) }
        m.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError)
        return m
    }

    /// y = 2x + 1 on 10 points, in order.
    func line() -> (Tensor, Tensor) {
        let xs: [Float] = (0..<10).map { Float($0) / 10 }
        return (Tensor(shape: [10, 1], scalars: xs), Tensor(shape: [10, 1], scalars: xs.map { 2 * $0 + 1 }))
    }

    /// Feeds `values` of `key` to `callback` epoch by epoch as `fit` would, until it stops
    /// training; returns the epochs run.
    @discardableResult
    func drive(_ callback: any Callback, _ key: String, _ values: [Float], model: Sequential? = nil,
               beforeEpoch: (Int, Sequential) -> Void = { _, _ in }) throws -> Int {
        let model = model ?? tiny()
        try callback.trainingWillBegin(model: model)
        var ran = 0
        var logs: [String: Float] = [:]
        for (i, v) in values.enumerated() {
            beforeEpoch(i + 1, model)
            logs = ["loss": 0]
            logs[key] = v
            try callback.epochDidEnd(i + 1, logs: logs, model: model)
            ran = i + 1
            if model.stopTraining { break }
        }
        try callback.trainingDidEnd(logs: logs, model: model)
        return ran
    }

    @Test func earlyStoppingStopsAfterPatienceEpochsWithoutImprovement() throws {
        // Best at epoch 2 (0.8); epochs 3 and 4 do not improve: patience 2 stops after epoch 4.
        let es = EarlyStopping(monitor: "val_loss", patience: 2)
        #expect(try drive(es, "val_loss", [1.0, 0.8, 0.85, 0.9, 0.79, 0.5]) == 4)
        #expect(es.stoppedEpoch == 4 && es.bestEpoch == 2 && es.best == 0.8)
        // patience 0 stops at the first epoch that does not improve.
        let eager = EarlyStopping(monitor: "val_loss")
        #expect(try drive(eager, "val_loss", [1.0, 0.8, 0.85, 0.7]) == 3)
        // Never improving after the first epoch still never stops in the first epoch.
        let nan = EarlyStopping(monitor: "val_loss")
        #expect(try drive(nan, "val_loss", [.nan, .nan, .nan]) == 2)
    }

    @Test func minDeltaDecidesWhatCountsAsImprovement() throws {
        // Decreases of 0.03 and 0.01 are below minDelta 0.05: not improvements.
        let strict = EarlyStopping(monitor: "loss", minDelta: 0.05, patience: 2)
        #expect(try drive(strict, "loss", [1.0, 0.97, 0.96, 0.5]) == 3)
        #expect(strict.best == 1.0 && strict.bestEpoch == 1)
        let plain = EarlyStopping(monitor: "loss", patience: 2)
        #expect(try drive(plain, "loss", [1.0, 0.97, 0.96, 0.5]) == 4)
        #expect(plain.stoppedEpoch == nil && plain.bestEpoch == 4)
    }

    @Test func accuracyIsMaximisedInAutoMode() throws {
        // 0.6 → 0.6 is not an improvement (strict), so patience 1 stops after epoch 3.
        let es = EarlyStopping(monitor: "val_accuracy", patience: 1)
        #expect(try drive(es, "val_accuracy", [0.5, 0.6, 0.6, 0.9]) == 3)
        #expect(es.best == 0.6 && es.bestEpoch == 2)
        let explicit = EarlyStopping(monitor: "score", patience: 1, mode: .max)
        #expect(try drive(explicit, "score", [1, 2, 3, 2, 1]) == 4)
    }

    @Test func restoreBestWeightsPutsBackTheBestEpochs() throws {
        let model = tiny()
        let es = EarlyStopping(monitor: "val_loss", patience: 1, restoreBestWeights: true)
        // Before epoch e the weights become (e, 10e): the best epoch, 2, had (2, 20).
        let ran = try drive(es, "val_loss", [0.5, 0.3, 0.4, 0.2], model: model) { e, m in
            m.weights = [Tensor(shape: [1, 1], scalars: [Float(e)]), Tensor([10 * Float(e)])]
        }
        #expect(ran == 3)
        #expect(model.weights.map(\.scalars) == [[2], [20]])
        // Without the flag the last weights stay.
        let keep = tiny()
        try drive(EarlyStopping(monitor: "val_loss", patience: 1), "val_loss", [0.5, 0.3, 0.4], model: keep) { e, m in
            m.weights = [Tensor(shape: [1, 1], scalars: [Float(e)]), Tensor([10 * Float(e)])]
        }
        #expect(keep.weights.map(\.scalars) == [[3], [30]])
    }

    @Test func earlyStoppingInsideFit() throws {
        // minDelta 10 makes every epoch after the first "no improvement": stops after 1 + 2.
        let model = tiny()
        let (x, y) = line()
        let es = EarlyStopping(monitor: "loss", minDelta: 10, patience: 2)
        let h = try model.fit(x, y, epochs: 20, batchSize: 4, callbacks: [es], verbose: .silent)
        #expect(h.stoppedEpoch == 3 && h.loss.count == 3 && h.epochCount == 3)
        #expect(es.stoppedEpoch == 3 && es.bestEpoch == 1)
        #expect(model.stopTraining == false)
        // Without callbacks every epoch runs.
        #expect(tiny().fit(x, y, epochs: 4, verbose: .silent).stoppedEpoch == nil)
    }

    @Test func restoreBestWeightsInsideFit() throws {
        // The validation targets are the opposite line, so validation loss rises while training
        // improves: the best validation epoch is an early one, not the last.
        let model = tiny()
        let (x, y) = line()
        let wrong = y.map { -$0 }
        var recorded: [[Float]] = []
        let recorder = LambdaCallback(epochDidEnd: { _, _, m in recorded.append(m.weights.flatMap(\.scalars)) })
        let es = EarlyStopping(monitor: "val_loss", patience: 100, restoreBestWeights: true)
        let h = try model.fit(x, y, epochs: 6, batchSize: 5, validationData: (x, wrong),
                              callbacks: [recorder, es], verbose: .silent)
        let best = try #require(h.validationLoss.indices.min { h.validationLoss[$0] < h.validationLoss[$1] })
        #expect(es.bestEpoch == best + 1)
        #expect(best + 1 < 6, "the constructed validation loss should be best before the last epoch: \(h.validationLoss)")
        #expect(model.weights.flatMap(\.scalars) == recorded[best])
        #expect(model.weights.flatMap(\.scalars) != recorded.last!)
    }

    @Test func checkpointWritesOnlyOnImprovement() throws {
        let folder = NSTemporaryDirectory() + "seqkit-checkpoints-\(getpid())/"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = tiny()
        let checkpoint = ModelCheckpoint(path: folder + "epoch-{epoch}.safetensors", monitor: "val_loss", saveBestOnly: true)
        try drive(checkpoint, "val_loss", [0.5, 0.6, 0.4, 0.4, 0.25], model: model) { e, m in
            m.weights = [Tensor(shape: [1, 1], scalars: [Float(e)]), Tensor([0])]
        }
        #expect(checkpoint.savedEpochs == [1, 3, 5])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() ==
                ["epoch-1.safetensors", "epoch-3.safetensors", "epoch-5.safetensors"])
        let reader = tiny(seed: 9)
        #expect(try reader.loadWeights(from: folder + "epoch-3.safetensors") == ["format": "seqkit", "epoch": "3", "val_loss": "0.4"])
        #expect(reader.weights.map(\.scalars) == [[3], [0]])

        // One path, overwritten: holds the best epoch's weights; without saveBestOnly every epoch.
        let best = ModelCheckpoint(path: folder + "best.safetensors", monitor: "val_accuracy", saveBestOnly: true)
        try drive(best, "val_accuracy", [0.5, 0.7, 0.6], model: model) { e, m in
            m.weights = [Tensor(shape: [1, 1], scalars: [Float(e)]), Tensor([0])]
        }
        #expect(best.savedEpochs == [1, 2])
        try reader.loadWeights(from: folder + "best.safetensors")
        #expect(reader.weights.map(\.scalars) == [[2], [0]])
        let every = ModelCheckpoint(path: folder + "last.safetensors")
        try drive(every, "loss", [3, 2, 5])
        #expect(every.savedEpochs == [1, 2, 3])
        #expect(try reader.loadWeights(from: folder + "last.safetensors") == ["format": "seqkit", "epoch": "3"])
        // Atomic writes leave no temporary files behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".") } == [])
    }

    @Test func checkpointErrorsEndFit() throws {
        let model = tiny()
        let (x, y) = line()
        let bad = ModelCheckpoint(path: "/nonexistent-seqkit-folder/w.safetensors")
        #expect(throws: WeightsFileError.self) {
            try model.fit(x, y, epochs: 3, callbacks: [bad], verbose: .silent)
        }
        #expect(bad.savedEpochs == [])
    }

    @Test func callbacksAreCalledInOrderWithTheEpochLogs() throws {
        let model = Sequential(seed: 2, inputShape: [1]) { Dense(1) }
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError, metrics: [.meanAbsoluteError])
        let (x, y) = line()
        var events: [String] = []
        var epochLogs: [[String: Float]] = []
        var finalLogs: [String: Float] = [:]
        let spy = LambdaCallback(
            trainingWillBegin: { _ in events.append("begin") },
            epochWillBegin: { e, _ in events.append("epoch \(e) begins") },
            epochDidEnd: { e, logs, _ in events.append("epoch \(e) ends"); epochLogs.append(logs) },
            trainingDidEnd: { logs, _ in events.append("end"); finalLogs = logs })
        let h = try model.fit(x, y, epochs: 2, batchSize: 4, validationSplit: 0.3, callbacks: [spy], verbose: .silent)
        #expect(events == ["begin", "epoch 1 begins", "epoch 1 ends", "epoch 2 begins", "epoch 2 ends", "end"])
        #expect(Set(h.logs.keys) == ["loss", "mean_absolute_error", "val_loss", "val_mean_absolute_error"])
        for (i, logs) in epochLogs.enumerated() {
            #expect(logs == h.logs.mapValues { $0[i] })
        }
        #expect(finalLogs == epochLogs.last!)
        #expect(h["val_mean_absolute_error"]?.count == 2 && h["val_accuracy"] == nil)
    }

    @Test func validationSplitTakesTheLastRowsBeforeShuffling() throws {
        #expect(Sequential.splitIndex(samples: 10, validationSplit: 0.2) == 8)
        #expect(Sequential.splitIndex(samples: 7, validationSplit: 0.3) == 4)    // ⌊7 · 0.7⌋ = ⌊4.8999…⌋, as Python
        #expect(Sequential.splitIndex(samples: 5, validationSplit: 0.5) == 2)
        #expect(Sequential.splitIndex(samples: 100, validationSplit: 0.1) == 90)
        let (x, y) = line()
        let split = tiny(seed: 5)
        let hs = split.fit(x, y, epochs: 3, batchSize: 3, validationSplit: 0.2, verbose: .silent)
        // The same as training on rows 0..<8 and validating on rows 8, 9 — bit for bit.
        let explicit = tiny(seed: 5)
        let he = explicit.fit(x.slice(0..<8), y.slice(0..<8), epochs: 3, batchSize: 3,
                              validationData: (x.slice(8..<10), y.slice(8..<10)), verbose: .silent)
        #expect(hs.logs == he.logs)
        #expect(split.weights.flatMap(\.scalars).map(\.bitPattern) == explicit.weights.flatMap(\.scalars).map(\.bitPattern))
        #expect(hs.validationLoss.last! == split.evaluate(x.slice(8..<10), y.slice(8..<10), batchSize: 3))
        // Rows 0..<8 (not a shuffled subset) were trained on: a different split differs.
        let other = tiny(seed: 5)
        let ho = other.fit(x.slice(2..<10), y.slice(2..<10), epochs: 3, batchSize: 3,
                           validationData: (x.slice(0..<2), y.slice(0..<2)), verbose: .silent)
        #expect(ho.logs != hs.logs)
    }
}
