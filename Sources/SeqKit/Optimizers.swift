// Optimizers with Keras' defaults and update rules. The elementwise steps are C
// (Sources/CSeqKitKernels/optimizers.c): vectorised in every build, and with SeqKit's one
// departure from the textbook formulas: a gradient or state value below 2⁻⁶⁰ in magnitude counts
// as zero, so a state decaying towards zero never gets stuck among the slow subnormal numbers.
import CSeqKitKernels

/// Updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// The step size η (settable, for a schedule).
    var learningRate: Float { get set }
    /// If set, gradients are first rescaled so their global L2 norm is at most this value
    /// (Keras' `global_clipnorm`).
    var globalClipNorm: Float? { get set }
    /// One update step; called after the layers' `backward` filled the gradients.
    func update(_ parameters: [Parameter])
}

/// Stochastic gradient descent with optional momentum, as Keras' `SGD`:
/// v ← μ·v − η·g;  w ← w + v  (μ = 0 gives w ← w − η·g). A velocity below 2⁻⁶⁰ in magnitude
/// is stored as zero (see the determinism contract in SeqKit's README).
public final class SGD: Optimizer {
    /// The step size η.
    public var learningRate: Float
    /// The momentum μ in v ← μ·v − η·g (0: plain gradient descent).
    public let momentum: Float
    public var globalClipNorm: Float?
    private var velocity: [ObjectIdentifier: [Float]] = [:]

    /// Keras' defaults: η = 0.01, μ = 0, no clipping.
    public init(learningRate: Float = 0.01, momentum: Float = 0, globalClipNorm: Float? = nil) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.globalClipNorm = globalClipNorm
    }

    public func update(_ parameters: [Parameter]) {
        if let c = globalClipNorm { clipGradientsByGlobalNorm(parameters, maxNorm: c) }
        for p in parameters {
            let id = ObjectIdentifier(p)
            var v = velocity.removeValue(forKey: id) ?? [Float](repeating: 0, count: p.value.count)
            p.gradient.scalars.withUnsafeBufferPointer { g in
            v.withUnsafeMutableBufferPointer { v in
            p.value.scalars.withUnsafeMutableBufferPointer { w in
                sk_sgd_step(w.count, w.baseAddress, g.baseAddress, v.baseAddress, momentum, learningRate)
            }}}
            velocity[id] = v
        }
    }
}

/// Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization") with Keras' defaults
/// (η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e−7) and Keras' form of the bias correction:
///   m ← m + (1 − β₁)(g − m);  v ← v + (1 − β₂)(g² − v)
///   α = η·√(1 − β₂ᵗ)/(1 − β₁ᵗ);  w ← w − α·m/(√v + ε)
/// A gradient, m or v below 2⁻⁶⁰ in magnitude counts as zero, so moments decaying under a zero
/// gradient reach zero instead of sticking among the slow subnormal numbers.
public final class Adam: Optimizer {
    /// The step size η.
    public var learningRate: Float
    /// β₁ and β₂, the decay rates of the first and second moment estimates, and ε, added to √v.
    public let beta1: Float, beta2: Float, epsilon: Float
    public var globalClipNorm: Float?
    /// The number of updates so far, t in the bias correction.
    public private(set) var step = 0
    private var moments: [ObjectIdentifier: (m: [Float], v: [Float])] = [:]

    /// Keras' defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e−7, no clipping.
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, globalClipNorm: Float? = nil) {
        self.learningRate = learningRate
        self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon
        self.globalClipNorm = globalClipNorm
    }

    public func update(_ parameters: [Parameter]) {
        if let c = globalClipNorm { clipGradientsByGlobalNorm(parameters, maxNorm: c) }
        step += 1
        let t = Double(step)
        let alpha = Float(Double(learningRate) * (1 - PortableMath.pow(Double(beta2), t)).squareRoot() / (1 - PortableMath.pow(Double(beta1), t)))
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for p in parameters {
            let id = ObjectIdentifier(p)
            var state = moments.removeValue(forKey: id)
                ?? ([Float](repeating: 0, count: p.value.count), [Float](repeating: 0, count: p.value.count))
            p.gradient.scalars.withUnsafeBufferPointer { g in
            state.m.withUnsafeMutableBufferPointer { m in
            state.v.withUnsafeMutableBufferPointer { v in
            p.value.scalars.withUnsafeMutableBufferPointer { w in
                sk_adam_step(w.count, w.baseAddress, g.baseAddress, m.baseAddress, v.baseAddress,
                             alpha, 1 - b1, 1 - b2, eps)
            }}}}
            moments[id] = state
        }
    }
}
