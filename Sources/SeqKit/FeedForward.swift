// The position-wise feed-forward network, Vaswani et al. (2017), §3.3: the same two dense
// layers applied to every position separately,
//
//   FFN(x) = act(x W₁ + b₁) W₂ + b₂,   W₁ (d, f), W₂ (f, d)
//
// with act = ReLU in the original Transformer and GELU in GPT and BERT. The original used
// f = 4d (512 → 2048 → 512), and so do GPT and BERT.

/// The nonlinearity between the two layers of a ``FeedForward`` network.
public enum FeedForwardActivation: String, Sendable {
    /// max(x, 0), the original Transformer's.
    case relu
    /// GELU, tanh approximation (``GELU``), GPT's and BERT's.
    case gelu
}

/// Two dense layers with a nonlinearity between them, applied at every position:
/// `(batch, …, d) -> (batch, …, d)` through a hidden width f.
///
/// Parameters: `d·f + f + f·d + d`.
public final class FeedForward: Layer {
    /// f, the hidden width.
    public let hidden: Int
    /// The nonlinearity after the first layer.
    public let activation: FeedForwardActivation
    /// `"FeedForward"`.
    public var typeName: String { "FeedForward" }
    /// The input shape, if given at creation.
    public let declaredInputShape: [Int]?
    /// The first (d → f) and second (f → d) dense layers; `nil` until built.
    public private(set) var inner: Dense!, outer: Dense!
    private let gelu = GELU()

    /// A feed-forward network with hidden width `hidden` (positive) and `activation`.
    public init(hidden: Int, activation: FeedForwardActivation = .gelu, inputShape: [Int]? = nil) {
        check(hidden > 0, "FeedForward: hidden must be positive, got \(hidden)")
        self.hidden = hidden
        self.activation = activation
        self.declaredInputShape = inputShape
    }

    /// Creates W₁ `(d, f)` then W₂ `(f, d)` (Glorot uniform, zero biases); the shape is unchanged.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(!inputShape.isEmpty, "FeedForward: input shape needs a feature axis, got \(inputShape)")
        inner = Dense(hidden, activation: activation == .relu ? .relu : .linear)
        outer = Dense(inputShape.last!)
        let mid = inner.build(inputShape: inputShape, using: &rng)
        return outer.build(inputShape: mid, using: &rng)
    }

    /// W₁, b₁, W₂, b₂.
    public var parameters: [Parameter] { inner == nil ? [] : inner.parameters + outer.parameters }

    /// `inner_kernel`, `inner_bias`, `outer_kernel`, `outer_bias`.
    public var parameterNames: [String] { ["inner_kernel", "inner_bias", "outer_kernel", "outer_bias"] }

    /// act(x W₁ + b₁) W₂ + b₂.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(inner != nil, "FeedForward")
        let a = inner.forward(x)
        return outer.forward(activation == .gelu ? gelu.forward(a) : a)
    }

    /// Sets the four gradients and returns ∂L/∂x.
    public func backward(_ dOutput: Tensor) -> Tensor {
        let da = outer.backward(dOutput)
        return inner.backward(activation == .gelu ? gelu.backward(da) : da)
    }
}
