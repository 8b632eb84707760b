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
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildExpression(_ layers: [any Layer]) -> [any Layer] { layers }
    public static func buildBlock(_ parts: [any Layer]...) -> [any Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [any Layer]?) -> [any Layer] { part ?? [] }
    public static func buildEither(first: [any Layer]) -> [any Layer] { first }
    public static func buildEither(second: [any Layer]) -> [any Layer] { second }
    public static func buildArray(_ parts: [[any Layer]]) -> [any Layer] { parts.flatMap { $0 } }
}

/// A metric reported next to the loss.
public enum Metric: Sendable {
    /// Binary accuracy for one-output models (threshold 0.5 on probabilities, 0 on logits), or
    /// argmax accuracy for models with a class axis.
    case accuracy
}

/// Per-epoch results of `fit`.
public struct History: Sendable {
    public internal(set) var loss: [Float] = []
    public internal(set) var validationLoss: [Float] = []
    public internal(set) var accuracy: [Float] = []
    public internal(set) var validationAccuracy: [Float] = []
}

/// How `fit` reports progress.
public enum Verbosity: Sendable {
    /// A progress bar on standard error when standard output is a terminal; silent otherwise, so
    /// a program's verified standard output stays deterministic. The default.
    case auto
    case silent
    /// One line per epoch on standard output, with fixed digits (deterministic for a seed).
    case epochLines
}

public final class Sequential {
    public private(set) var layers: [any Layer]
    /// Input shape without the batch axis.
    public private(set) var inputShape: [Int]
    /// Output shape of each layer, without the batch axis.
    public private(set) var outputShapes: [[Int]] = []
    /// Drives weight initialisation and the per-epoch shuffles.
    public private(set) var rng: SeededGenerator
    public private(set) var optimizer: (any Optimizer)?
    public private(set) var loss: Loss?
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
            preconditionFailure("Sequential: give the input shape, e.g. LSTM(64, inputShape: [timesteps, features])")
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

    public func compile(optimizer: any Optimizer, loss: Loss, metrics: [Metric] = []) {
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

    /// ∂(Σ output ⊙ outputGradient)/∂input for a batch. The weights are unchanged; the parameters'
    /// gradients and the layers' recorded internals are overwritten.
    public func inputGradient(_ x: Tensor, outputGradient: Tensor) -> Tensor {
        _ = self(x)
        return backward(outputGradient)
    }

    /// One optimisation step on one batch; returns the batch loss before the update.
    @discardableResult
    public func trainStep(_ x: Tensor, _ y: Tensor) -> Float {
        guard let loss, let optimizer else { preconditionFailure("Sequential: call compile(optimizer:loss:) before training") }
        let (value, grad) = loss(self(x), y)
        backward(grad)
        optimizer.update(parameters)
        return value
    }

    /// Trains for `epochs` passes over (x, y) in mini-batches, reshuffled each epoch by the
    /// model's seeded generator.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int, batchSize: Int = 32,
                    validationData: (x: Tensor, y: Tensor)? = nil, shuffle: Bool = true,
                    verbose: Verbosity = .auto) -> History {
        check(x.rows == y.rows, "fit: x has \(x.rows) samples, y has \(y.rows): shapes \(x.shape), \(y.shape)")
        check(batchSize > 0 && epochs >= 0, "fit: batchSize \(batchSize) and epochs \(epochs) must be positive")
        guard let loss else { preconditionFailure("Sequential: call compile(optimizer:loss:) before fit") }
        var history = History()
        let n = x.rows
        let batches = (n + batchSize - 1) / batchSize
        let bar: ProgressBar? = (verbose == .auto && ProgressBar.standardOutputIsTerminal) ? ProgressBar(total: batches) : nil
        for epoch in 1...max(epochs, 1) where epochs > 0 {
            var order = Array(0..<n)
            if shuffle { rng.shuffle(&order) }
            var weighted = 0.0, correct = 0.0, counted = 0
            bar?.start(epoch: epoch, of: epochs)
            for b in 0..<batches {
                let idx = Array(order[(b * batchSize)..<min(n, (b + 1) * batchSize)])
                let xb = x.gather(idx), yb = y.gather(idx)
                let out = self(xb)
                let (value, grad) = loss(out, yb)
                backward(grad)
                optimizer!.update(parameters)
                weighted += Double(value) * Double(idx.count)
                counted += idx.count
                if metrics.contains(where: { if case .accuracy = $0 { true } else { false } }) {
                    correct += Double(accuracy(out, yb)) * Double(idx.count)
                }
                bar?.advance(to: b + 1, loss: Float(weighted / Double(counted)))
            }
            history.loss.append(Float(weighted / Double(n)))
            if !metrics.isEmpty { history.accuracy.append(Float(correct / Double(n))) }
            if let (vx, vy) = validationData {
                let r = evaluateAll(vx, vy, batchSize: batchSize)
                history.validationLoss.append(r.loss)
                if !metrics.isEmpty { history.validationAccuracy.append(r.accuracy) }
            }
            let line = epochLine(epoch, epochs, history)
            bar?.finish(line)
            if verbose == .epochLines { print(line) }
        }
        return history
    }

    private func epochLine(_ epoch: Int, _ epochs: Int, _ h: History) -> String {
        var s = "epoch \(epoch)/\(epochs)  loss \(fixed(h.loss.last!))"
        if let a = h.accuracy.last { s += "  accuracy \(fixed(a))" }
        if let v = h.validationLoss.last { s += "  val_loss \(fixed(v))" }
        if let a = h.validationAccuracy.last { s += "  val_accuracy \(fixed(a))" }
        return s
    }

    /// Mean loss over (x, y), batch by batch, weights unchanged.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) -> Float {
        evaluateAll(x, y, batchSize: batchSize).loss
    }

    /// Mean loss and accuracy (if compiled with `.accuracy`; else 0) over (x, y).
    public func evaluateAll(_ x: Tensor, _ y: Tensor, batchSize: Int = 32) -> (loss: Float, accuracy: Float) {
        guard let loss else { preconditionFailure("Sequential: call compile(optimizer:loss:) before evaluate") }
        check(x.rows == y.rows, "evaluate: x has \(x.rows) samples, y has \(y.rows)")
        var total = 0.0, correct = 0.0
        var start = 0
        while start < x.rows {
            let r = start..<min(x.rows, start + batchSize)
            let out = self(x.slice(r))
            let yb = y.slice(r)
            total += Double(loss(out, yb).value) * Double(r.count)
            if !metrics.isEmpty { correct += Double(accuracy(out, yb)) * Double(r.count) }
            start = r.upperBound
        }
        return (Float(total / Double(x.rows)), Float(correct / Double(x.rows)))
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

    private func accuracy(_ out: Tensor, _ y: Tensor) -> Float {
        guard let loss else { return 0 }
        switch loss {
        case .sparseSoftmaxCrossEntropy:
            let pred = out.argmaxRows()
            return Float(zip(pred, y.scalars).filter { Float($0) == $1 }.count) / Float(pred.count)
        case .softmaxCrossEntropy:
            let pred = out.argmaxRows(), truth = y.argmaxRows()
            return Float(zip(pred, truth).filter { $0 == $1 }.count) / Float(pred.count)
        default:
            let threshold: Float = (loss == .binaryCrossEntropyFromLogits) ? 0 : 0.5
            let hits = zip(out.scalars, y.scalars).filter { ($0 > threshold) == ($1 > 0.5) }.count
            return Float(hits) / Float(out.count)
        }
    }
}

extension Loss: Equatable {}

/// `x` with four decimals (the epoch lines' format).
func fixed(_ x: Float) -> String { fixedDigits(Double(x), 4) }
