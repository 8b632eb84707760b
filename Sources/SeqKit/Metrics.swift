// Metrics reported next to the loss by `fit` and `evaluateAll`, and the `Evaluation` that
// `evaluateAll` returns. Each metric is a per-batch mean; an epoch's (or a data set's) value is
// the mean of the batch values weighted by the batch's sample count, accumulated in Double, as
// Keras' running `Mean` does.

/// A metric reported next to the loss, under its Keras name in `History` and the epoch logs.
///
/// Keras 3 resolves the string "accuracy" from the shapes of targets and predictions; SeqKit
/// resolves `.accuracy` from the compiled loss (the two agree for every loss SeqKit has, except
/// that on logits SeqKit thresholds at 0 where Keras' `binary_accuracy` would wrongly threshold
/// logits at 0.5). The explicit cases behave as Keras' metric of the same name.
public enum Metric: Sendable, Equatable {
    /// Accuracy chosen from the loss, logged as "accuracy": `.sparseSoftmaxCrossEntropy` →
    /// sparse categorical, `.softmaxCrossEntropy` → categorical, `.binaryCrossEntropyFromLogits`
    /// → binary with threshold 0 (σ(z) > 0.5 ⇔ z > 0), anything else → binary with threshold 0.5.
    case accuracy
    /// mean(1[p > 0.5] = 1[y > 0.5]) over all elements, logged as "binary_accuracy".
    case binaryAccuracy
    /// mean(argmax p = argmax y) over all rows of the last axis, logged as "categorical_accuracy".
    case categoricalAccuracy
    /// mean(argmax p = y) with integer class ids y of the prediction's shape without its class
    /// axis, logged as "sparse_categorical_accuracy".
    case sparseCategoricalAccuracy
    /// mean|p − y| over all elements, logged as "mean_absolute_error".
    case meanAbsoluteError
    /// mean (p − y)² over all elements, logged as "mean_squared_error".
    case meanSquaredError

    /// The key in `History.logs`, the epoch logs and `Evaluation` (Keras' name; validation
    /// values get the prefix "val_").
    public var name: String {
        switch self {
        case .accuracy: "accuracy"
        case .binaryAccuracy: "binary_accuracy"
        case .categoricalAccuracy: "categorical_accuracy"
        case .sparseCategoricalAccuracy: "sparse_categorical_accuracy"
        case .meanAbsoluteError: "mean_absolute_error"
        case .meanSquaredError: "mean_squared_error"
        }
    }

    /// Whether larger values are better (what `EarlyStopping`'s `.auto` mode uses).
    var higherIsBetter: Bool {
        switch self {
        case .accuracy, .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy: true
        case .meanAbsoluteError, .meanSquaredError: false
        }
    }

    /// The metric's mean over one batch of predictions and targets; `loss` picks `.accuracy`'s kind.
    func value(_ prediction: Tensor, _ target: Tensor, loss: Loss) -> Float {
        switch self {
        case .accuracy:
            switch loss {
            case .sparseSoftmaxCrossEntropy: return Metric.sparseCategoricalAccuracy.value(prediction, target, loss: loss)
            case .softmaxCrossEntropy: return Metric.categoricalAccuracy.value(prediction, target, loss: loss)
            case .binaryCrossEntropyFromLogits: return binaryAccuracy(prediction, target, threshold: 0)
            case .binaryCrossEntropy, .meanSquaredError: return binaryAccuracy(prediction, target, threshold: 0.5)
            }
        case .binaryAccuracy:
            return binaryAccuracy(prediction, target, threshold: 0.5)
        case .categoricalAccuracy:
            check(prediction.shape == target.shape,
                  "categorical_accuracy: one-hot targets \(target.shape) must have the predictions' shape \(prediction.shape)")
            let pred = prediction.argmaxRows(), truth = target.argmaxRows()
            return Float(zip(pred, truth).filter { $0 == $1 }.count) / Float(pred.count)
        case .sparseCategoricalAccuracy:
            let pred = prediction.argmaxRows()
            check(target.count == pred.count,
                  "sparse_categorical_accuracy: class ids \(target.shape) must be predictions \(prediction.shape) without the class axis")
            return Float(zip(pred, target.scalars).filter { Float($0) == $1 }.count) / Float(pred.count)
        case .meanAbsoluteError, .meanSquaredError:
            check(prediction.shape == target.shape,
                  "\(name): targets \(target.shape) must have the predictions' shape \(prediction.shape)")
            var sum = 0.0
            for (p, y) in zip(prediction.scalars, target.scalars) {
                let e = Double(p) - Double(y)
                sum += self == .meanAbsoluteError ? abs(e) : e * e
            }
            return Float(sum / Double(prediction.count))
        }
    }

    private func binaryAccuracy(_ prediction: Tensor, _ target: Tensor, threshold: Float) -> Float {
        check(prediction.shape == target.shape,
              "\(name): targets \(target.shape) must have the predictions' shape \(prediction.shape)")
        let hits = zip(prediction.scalars, target.scalars).filter { ($0 > threshold) == ($1 > 0.5) }.count
        return Float(hits) / Float(prediction.count)
    }
}

/// Sample-weighted running means of the loss and the compiled metrics over batches.
struct MetricTotals {
    let metrics: [Metric]
    private var loss = 0.0
    private var values: [Double]
    private var samples = 0

    init(_ metrics: [Metric]) {
        self.metrics = metrics
        self.values = [Double](repeating: 0, count: metrics.count)
    }

    /// Adds one batch: its mean loss and the metrics of its predictions, weighted by its samples.
    mutating func add(loss batchLoss: Float, _ prediction: Tensor, _ target: Tensor, compiledLoss: Loss) {
        let n = Double(prediction.rows)
        loss += Double(batchLoss) * n
        for (i, m) in metrics.enumerated() {
            values[i] += Double(m.value(prediction, target, loss: compiledLoss)) * n
        }
        samples += prediction.rows
    }

    /// The mean loss so far (the progress bar's number).
    var meanLoss: Float { Float(loss / Double(samples)) }

    /// The means as an evaluation (requires at least one batch).
    var evaluation: Evaluation {
        Evaluation(loss: meanLoss,
                   metrics: zip(metrics, values).map { ($0.name, Float($1 / Double(samples))) })
    }
}

/// The loss and exactly the compiled metrics, for one data set (what Keras' `evaluate` returns
/// with `return_dict=True`).
///
/// `evaluation["loss"]`, `evaluation["accuracy"]`: a metric that was not compiled is `nil`,
/// never a made-up 0.
public struct Evaluation: Sendable {
    /// The mean loss.
    public let loss: Float
    /// The compiled metrics' values under their Keras names, in the order they were compiled.
    public let metrics: [(name: String, value: Float)]

    /// The value of "loss" or of a compiled metric by its Keras name; nil if not compiled.
    public subscript(_ name: String) -> Float? {
        name == "loss" ? loss : metrics.first { $0.name == name }?.value
    }

    /// Every value keyed as in Keras' logs: "loss" and the metrics' names.
    public var logs: [String: Float] {
        var d = ["loss": loss]
        for m in metrics { d[m.name] = m.value }
        return d
    }

    /// The "accuracy" metric. Kept so that code written for the old `(loss:, accuracy:)` tuple
    /// still compiles; stops with a message if `.accuracy` was not compiled (it used to be 0).
    @available(*, deprecated, message: "use evaluation[\"accuracy\"], which is nil when .accuracy was not compiled")
    public var accuracy: Float {
        guard let a = self["accuracy"] else {
            check(false, "Evaluation: no accuracy was computed: compile(optimizer:loss:metrics: [.accuracy]) to get one")
            return .nan
        }
        return a
    }
}
