// Dropout, Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov (2014), "Dropout: A Simple
// Way to Prevent Neural Networks from Overfitting", in the "inverted" form PyTorch and Keras
// use: while training each element is kept with probability 1 − p and scaled by 1/(1 − p), so
// evaluation needs no rescaling and is the identity.
//
//   training:   y = x ⊙ m,  mᵢ = 1/(1 − p) with probability 1 − p, else 0
//   evaluation: y = x
//   backward:   ∂x = ∂y ⊙ m  (the mask of the last forward pass)

/// A layer whose behaviour differs between training and evaluation (dropout).
///
/// ``Sequential`` switches every such layer to training for the batches of
/// `fit` and `trainStep` and back to evaluation afterwards; ``Sequential/setTraining(_:)``
/// does it by hand. Layers that contain others (``TransformerBlock``) forward the switch.
public protocol TrainingModeLayer: Layer {
    /// `true` while training (dropout active), `false` for evaluation and generation.
    var isTraining: Bool { get set }
}

/// Inverted dropout with rate p, seeded: the identity at evaluation (the default mode).
///
/// The masks come from the layer's own ``SeededGenerator`` (seeded at creation, reseeded from
/// the model's generator when built), drawn in element order, so a training run is the same
/// bits on every machine. No parameters.
public final class Dropout: TrainingModeLayer {
    /// p, the probability of zeroing an element while training, in [0, 1).
    public let rate: Float
    /// `"Dropout"`, Keras' class name.
    public var typeName: String { "Dropout" }
    /// The input shape without the batch axis, if given at creation.
    public let declaredInputShape: [Int]?
    /// Whether the mask is applied (training) or not (evaluation, the default).
    public var isTraining = false
    private var rng: SeededGenerator
    private var mask: [Float] = []          // empty: the last forward was the identity
    private var shape: [Int] = []

    /// Dropout with `rate` p ∈ [0, 1); `seed` fixes the masks of a layer used outside a model.
    public init(_ rate: Float, seed: UInt64 = 0, inputShape: [Int]? = nil) {
        check(rate >= 0 && rate < 1, "Dropout: rate must be in [0, 1), got \(rate)")
        self.rate = rate
        self.rng = SeededGenerator(seed: seed)
        self.declaredInputShape = inputShape
    }

    /// Reseeds the mask generator from one draw of the model's `rng`; the shape is unchanged.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        self.rng = SeededGenerator(seed: rng.next())
        return inputShape
    }

    /// None.
    public var parameters: [Parameter] { [] }

    /// Training: x ⊙ m with a fresh mask (kept for backward); evaluation: x itself.
    public func forward(_ x: Tensor) -> Tensor {
        shape = x.shape
        guard isTraining && rate > 0 else { mask = []; return x }
        let keep = 1 - rate, scale = 1 / (1 - rate)
        var m = uninitializedFloats(x.count)
        for i in 0..<m.count { m[i] = rng.uniformFloat() < keep ? scale : 0 }
        mask = m
        var y = x
        y.scalars.withUnsafeMutableBufferPointer { py in
            for i in 0..<py.count { py[i] *= m[i] }
        }
        return y
    }

    /// ∂x = ∂y ⊙ m for the last forward pass (∂y itself after an evaluation pass).
    public func backward(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == shape, "Dropout.backward: gradient \(dOutput.shape) vs output \(shape)")
        guard !mask.isEmpty else { return dOutput }
        var dx = dOutput
        dx.scalars.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] *= mask[i] }
        }
        return dx
    }

    /// The mask of the last training-mode forward pass (empty after an evaluation pass).
    public var lastMask: [Float] { mask }
}

extension Sequential {
    /// Switches every ``TrainingModeLayer`` of the model to training (`true`) or evaluation.
    public func setTraining(_ training: Bool) {
        for case let layer as any TrainingModeLayer in layers { layer.isTraining = training }
    }
}
