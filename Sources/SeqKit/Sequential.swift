// A Keras-like model: a stack of layers built with a result builder, then compiled with an
// optimizer and a loss, trained with `fit`, measured with `evaluate`, used with `predict`.
//
//   let model = Sequential(seed: 42) {
//       LSTM(64, inputShape: [100, 1])
//       Dense(1, activation: .sigmoid)
//   }
//   model.compile(optimizer: Adam(), loss: .binaryCrossEntropy)
//   let history = model.fit(x, y, epochs: 5, batchSize: 32)

/// Collects layers written one per line in a `Sequential { … }` block.
@resultBuilder
public enum LayerBuilder {
    /// One layer written on its own line: a one-element list `[layer]`.
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    /// An array of layers written as one line (e.g. a `map` over sizes): kept in its order.
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    /// The lines of a block, concatenated top to bottom: the model's layer order.
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    /// An `if` without `else`: its layers when the condition holds, no layers otherwise.
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    /// The `if` branch of an `if`/`else`: its layers as they are.
    public static func buildEither(first: [any Layer]) -> [any Layer] { first }
    /// The `else` branch of an `if`/`else`: its layers as they are.
    public static func buildEither(second: [any Layer]) -> [any Layer] { second }
    /// A `for … in` loop: the layers of every iteration, concatenated in loop order.
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}

/// Per-epoch results of `fit` (Keras' `History`).
///
/// `logs` is Keras' `history.history`: one value per epoch that ran under "loss", each compiled
/// metric's name ("accuracy", "mean_absolute_error", …) and, with validation data, the same
/// keys prefixed "val_".
public struct History: Sendable {
    /// Every logged series by key.
    public internal(set) var logs: [String: [Float]] = [:]
    /// The epoch (from 1) after which a callback stopped training; nil if every epoch ran.
    public internal(set) var stoppedEpoch: Int?

    /// Training loss per epoch.
    public var loss: [Float] { logs["loss"] ?? [] }
    /// Validation loss per epoch (empty without validation data).
    public var validationLoss: [Float] { logs["val_loss"] ?? [] }
    /// Training "accuracy" per epoch (empty unless `.accuracy` was compiled).
    public var accuracy: [Float] { logs["accuracy"] ?? [] }
    /// Validation "accuracy" per epoch (empty unless `.accuracy` was compiled and there is
    /// validation data).
    public var validationAccuracy: [Float] { logs["val_accuracy"] ?? [] }
    /// Number of epochs that ran.
    public var epochCount: Int { loss.count }

    /// The series logged under `key`, e.g. `history["val_mean_absolute_error"]`; nil if none.
    public subscript(_ key: String) -> [Float]? { logs[key] }

    mutating func append(_ values: [(String, Float)]) {
        for (k, v) in values { logs[k, default: []].append(v) }
    }
}

/// How `fit` reports progress.
public enum Verbosity: Sendable {
    /// A progress bar on standard error when standard error is a terminal; silent otherwise.
    /// Standard output never gets a byte of it, so a program's verified output stays
    /// deterministic. The default.
    case auto
    /// Nothing is printed, neither a progress bar nor epoch lines.
    case silent
    /// One line per epoch on standard output, with fixed digits (deterministic for a seed).
    case epochLines
}

/// A Keras-like model: a stack of layers applied in order, built and initialised from a seed.
///
/// `y = layerₙ(… layer₂(layer₁(x)))`: each layer takes the previous layer's output, batch axis
/// first, so an input of shape `(batch) + inputShape` gives `(batch) + outputShapes.last`.
/// Write the layers in a `Sequential(seed:) { … }` block (``LayerBuilder``), then
/// ``compile(optimizer:loss:metrics:)``, ``fit(_:_:epochs:batchSize:validationData:validationSplit:shuffle:verbose:)``,
/// ``evaluate(_:_:batchSize:)`` and ``predict(_:batchSize:)``.
///
/// The weights and every per-epoch shuffle come from one ``SeededGenerator`` seeded by `seed`,
/// so the same seed and data give the same bits. A class, not a value: layers cache what the
/// backward pass needs and are updated in place; a model is not safe to use from two threads.
public final class Sequential {
    /// The layers, in the order they are applied (the order of the builder block).
    public private(set) var layers: [any Layer]
    /// Where `fit`'s progress bar is drawn, when it is a terminal: standard error (tests aim it
    /// at a pseudo-terminal).
    var progressFileDescriptor: Int32 = 2
    /// Input shape without the batch axis.
    public private(set) var inputShape: [Int]
    /// Output shape of each layer, without the batch axis.
    public private(set) var outputShapes: [[Int]] = []
    /// Drives weight initialisation and the per-epoch shuffles.
    public private(set) var rng: SeededGenerator
    /// The optimizer given to ``compile(optimizer:loss:metrics:)``; nil before the model is compiled.
    public private(set) var optimizer: (any Optimizer)?
    /// The loss given to ``compile(optimizer:loss:metrics:)``; nil before the model is compiled.
    public private(set) var loss: Loss?
    /// The metrics reported next to the loss, in the order given to
    /// ``compile(optimizer:loss:metrics:)``; empty before the model is compiled.
    public private(set) var metrics: [Metric] = []
    /// A Keras-style name for the model, shown by `summary()`.
    public var name: String

    /// Builds the layers at once. The input shape comes from `inputShape` or from the first
    /// layer's `inputShape:` argument.
    public init(name: String = "sequential", seed: UInt64 = 0, inputShape: [Int]? = nil,
                @LayerBuilder _ content: () -> [any Layer]) {
        let layers = content()
        check(!layers.isEmpty, "Sequential: needs at least one layer")
        guard let shape = inputShape ?? layers[0].declaredInputShape else {
            fatalError("Sequential: give the input shape, e.g. LSTM(64, inputShape: [timesteps, features])")
        }
        self.name = name
        self.layers = layers
        self.inputShape = shape
        self.rng = SeededGenerator(seed: seed)
        var s = shape
        for layer in layers {
            s = layer.build(inputShape: s, using: &rng)
            outputShapes.append(s)
        }
    }

    /// All trainable parameters, layer by layer.
    public var parameters: [Parameter] { layers.flatMap { $0.parameters } }

    /// Set by a callback (e.g. `EarlyStopping`) to end `fit` after the current epoch, as Keras'
    /// `model.stop_training`. `fit` resets it when it starts.
    public var stopTraining = false

    /// Chooses the optimizer, the loss and the metrics reported next to it (each at most once).
    public func compile(optimizer: any Optimizer, loss: Loss, metrics: [Metric] = []) {
        check(Set(metrics.map(\.name)).count == metrics.count, "compile: a metric is listed twice in \(metrics.map(\.name))")
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = metrics
    }

    /// Forward pass through every layer (caches what backward needs).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        check(Array(x.shape.dropFirst()) == inputShape,
                      "Sequential: input \(x.shape) does not match (batch) + \(inputShape)")
        return layers.reduce(x) { $1.forward($0) }
    }

    /// Backward pass through every layer from ∂loss/∂output; fills every parameter's gradient and
    /// returns ∂loss/∂input — e.g. ∂y/∂x_{t−k} for a sensitivity plot when `outputGradient` is 1.
    @discardableResult
    public func backward(_ outputGradient: Tensor) -> Tensor {
        layers.reversed().reduce(outputGradient) { $1.backward($0) }
    }

    /// ``backward(_:)`` for training: the same parameter gradients, but the first layer is not
    /// asked for ∂loss/∂input (see ``Layer/backwardParameters(_:)``).
    private func backpropagateToParameters(_ outputGradient: Tensor) {
        guard let first = layers.first else { return }
        let toFirst = layers.dropFirst().reversed().reduce(outputGradient) { $1.backward($0) }
        first.backwardParameters(toFirst)
    }

    /// ∂(Σ output ⊙ outputGradient)/∂input for a batch. The weights are unchanged; the parameters'
    /// gradients and the layers' recorded internals are overwritten.
    public func inputGradient(_ x: Tensor, outputGradient: Tensor) -> Tensor {
        _ = self(x)
        return backward(outputGradient)
    }

    /// One optimisation step on one batch; returns the batch loss before the update.
    @discardableResult
    public func trainStep(_ x: Tensor, _ y: Tensor) -> Float {
        guard let loss, let optimizer else { fatalError("Sequential: call compile(optimizer:loss:) before training") }
        setTraining(true)                       // dropout on for this batch only
        defer { setTraining(false) }
        let (value, grad) = loss(self(x), y)
        backpropagateToParameters(grad)
        optimizer.update(parameters)
        return value
    }

    /// Trains for `epochs` passes over (x, y) in mini-batches, reshuffled each epoch by the
    /// model's seeded generator.
    ///
    /// Validation, after each epoch, on `validationData` or on the last part of (x, y):
    /// `validationSplit` ∈ [0, 1) keeps the samples from index ⌊n · (1 − split)⌋ on for
    /// validation, taken before any shuffling, as Keras does (so shuffle sorted data first).
    /// Give at most one of the two (Keras silently lets `validationData` win).
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int = 32,
                    validationData: (x: Tensor, y: Tensor)? = nil, validationSplit: Float = 0,
                    shuffle: Bool = true, verbose: Verbosity = .auto) -> History {
        // No callbacks, so nothing can throw.
        try! train(x, y, epochs: epochs, batchSize: batchSize, validationData: validationData,
                   validationSplit: validationSplit, shuffle: shuffle, callbacks: [], verbose: verbose)
    }

    /// `fit` with callbacks (`EarlyStopping`, `ModelCheckpoint`, `LambdaCallback`, your own),
    /// called in the order given. Rethrows the first error a callback throws, ending training.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int = 32,
                    validationData: (x: Tensor, y: Tensor)? = nil, validationSplit: Float = 0,
                    shuffle: Bool = true, callbacks: [any Callback], verbose: Verbosity = .auto) throws -> History {
        try train(x, y, epochs: epochs, batchSize: batchSize, validationData: validationData,
                  validationSplit: validationSplit, shuffle: shuffle, callbacks: callbacks, verbose: verbose)
    }

    /// Where training samples end: ⌊n · (1 − split)⌋, as Keras' `train_validation_split`
    /// computes it in Python floats. The Float is widened through its shortest decimal text, so
    /// 0.2 means the Double 0.2 and 10 samples split 8 + 2 as in Keras (widening the bits,
    /// 0.2000000030, would give 7 + 3).
    static func splitIndex(samples n: Int, validationSplit split: Float) -> Int {
        let s = Double("\(split)") ?? Double(split)
        return Int((Double(n) * (1 - s)).rounded(.down))
    }

    private func train(_ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int,
                       validationData: (x: Tensor, y: Tensor)?, validationSplit: Float,
                       shuffle: Bool, callbacks: [any Callback], verbose: Verbosity) throws -> History {
        check(x.rows == y.rows, "fit: x has \(x.rows) samples, y has \(y.rows): shapes \(x.shape), \(y.shape)")
        check(batchSize > 0 && epochs >= 0, "fit: batchSize \(batchSize) and epochs \(epochs) must be positive")
        check(validationSplit >= 0 && validationSplit < 1, "fit: validationSplit must be in [0, 1), got \(validationSplit)")
        check(validationSplit == 0 || validationData == nil, "fit: give validationData or validationSplit, not both")
        guard let loss, let optimizer else { fatalError("Sequential: call compile(optimizer:loss:) before fit") }
        var (x, y) = (x, y)
        var validation = validationData
        if validationSplit > 0 {
            let cut = Sequential.splitIndex(samples: x.rows, validationSplit: validationSplit)
            check(cut > 0 && cut < x.rows,
                  "fit: validationSplit \(validationSplit) of \(x.rows) samples leaves \(cut) for training and \(x.rows - cut) for validation; both need at least 1")
            validation = (x.slice(cut..<x.rows), y.slice(cut..<y.rows))
            (x, y) = (x.slice(0..<cut), y.slice(0..<cut))
        }
        var history = History()
        stopTraining = false
        let n = x.rows
        let batches = (n + batchSize - 1) / batchSize
        let bar = verbose == .auto ? ProgressBar(total: batches, fileDescriptor: progressFileDescriptor) : nil
        for c in callbacks { try c.trainingWillBegin(model: self) }
        var lastLogs: [String: Float] = [:]
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            for c in callbacks { try c.epochWillBegin(epoch, model: self) }
            var order = Array(0..<n)
            if shuffle { rng.shuffle(&order) }
            var totals = MetricTotals(metrics)
            bar?.label = "Epoch \(epoch)/\(epochs)"
            bar?.update(0)
            for b in 0..<batches {
                let idx = Array(order[(b * batchSize)..<min(n, (b + 1) * batchSize)])
                let xb = x.gather(idx), yb = y.gather(idx)
                setTraining(true)               // dropout on for the batch, off for validation
                defer { setTraining(false) }
                let out = self(xb)
                let (value, grad) = loss(out, yb)
                backpropagateToParameters(grad)
                optimizer.update(parameters)
                totals.add(loss: value, out, yb, compiledLoss: loss)
                bar?.update(b + 1, loss: totals.meanLoss)
            }
            let trained = totals.evaluation
            var entries = [("loss", trained.loss)] + trained.metrics.map { ($0.name, $0.value) }
            if let (vx, vy) = validation {
                let v = evaluateAll(vx, vy, batchSize: batchSize)
                entries += [("val_loss", v.loss)] + v.metrics.map { ("val_" + $0.name, $0.value) }
            }
            history.append(entries)
            let line = "epoch \(epoch)/\(epochs)" + entries.map { "  \($0.0) \(fixed($0.1))" }.joined()
            bar?.finish(line)
            if verbose == .epochLines { print(line) }
            lastLogs = Dictionary(uniqueKeysWithValues: entries)
            for c in callbacks { try c.epochDidEnd(epoch, logs: lastLogs, model: self) }
            if stopTraining {
                history.stoppedEpoch = epoch
                break
            }
        }
        for c in callbacks { try c.trainingDidEnd(logs: lastLogs, model: self) }
        stopTraining = false
        return history
    }

    /// Mean loss over (x, y), batch by batch, weights unchanged (Keras' `evaluate` of a model
    /// compiled without metrics).
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) -> Float {
        evaluateAll(x, y, batchSize: batchSize).loss
    }

    /// Mean loss and exactly the compiled metrics over (x, y), batch by batch, weights unchanged
    /// (Keras' `evaluate(…, return_dict=True)`): `r.loss`, `r["accuracy"]`, `r.logs`.
    public func evaluateAll(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) -> Evaluation {
        guard let loss else { fatalError("Sequential: call compile(optimizer:loss:) before evaluate") }
        check(x.rows == y.rows, "evaluate: x has \(x.rows) samples, y has \(y.rows)")
        check(x.rows > 0 && batchSize > 0, "evaluate: needs at least one sample and a positive batch size, got \(x.rows) and \(batchSize)")
        var totals = MetricTotals(metrics)
        var start = 0
        while start < x.rows {
            let r = start..<min(x.rows, start + batchSize)
            let out = self(x.slice(r))
            let yb = y.slice(r)
            totals.add(loss: loss.value(out, yb), out, yb, compiledLoss: loss)
            start = r.upperBound
        }
        return totals.evaluation
    }

    /// Outputs for x, computed batch by batch.
    public func predict(_ x: Tensor, batchSize: Int = 32) -> Tensor {
        var out: [Float] = []
        var shape: [Int] = []
        var start = 0
        while start < x.rows {
            let r = start..<min(x.rows, start + batchSize)
            let o = self(x.slice(r))
            shape = o.shape
            out += o.scalars
            start = r.upperBound
        }
        shape[0] = x.rows
        return Tensor(shape: shape, scalars: out)
    }
}

extension Loss: Equatable {}

/// `x` with four decimals (the epoch lines' format).
func fixed(_ x: Float) -> String { fixedDigits(Double(x), 4) }
