// The Transformer block: self-attention and a feed-forward network, each wrapped in a residual
// connection (He et al. 2016) and a layer normalization (Ba et al. 2016). Two placements of the
// normalization are in use:
//
//   post-norm (Vaswani et al. 2017, §3.1: "LayerNorm(x + Sublayer(x))"; GPT, BERT):
//     h = LN₁(x + Drop(MHA(x)))          y = LN₂(h + Drop(FFN(h)))
//   pre-norm (GPT-2, Radford et al. 2019, §2.3; analysed by Xiong et al. 2020, "On Layer
//   Normalization in the Transformer Architecture"):
//     h = x + Drop(MHA(LN₁(x)))          y = h + Drop(FFN(LN₂(h)))
//
// Pre-norm keeps an unnormalized residual path from input to output, so gradients reach early
// blocks undiminished and training needs no learning-rate warm-up; a pre-norm stack is then
// followed by one final LayerNorm (GPT-2 does this). They match PyTorch's
// `nn.TransformerEncoderLayer(norm_first: True / False, batch_first=True)` given a causal mask.
//
// Backward (pre-norm), every residual adds its two paths' gradients:
//   ∂h = ∂y + LN₂ᵀ FFNᵀ Dropᵀ ∂y          ∂x = ∂h + LN₁ᵀ MHAᵀ Dropᵀ ∂h

/// Where a ``TransformerBlock`` normalizes.
public enum NormPlacement: String, Sendable {
    /// LN inside each residual branch, before the sublayer (GPT-2); the default.
    case preNorm
    /// LN after each residual sum (the original Transformer, GPT, BERT).
    case postNorm
}

/// One Transformer block: multi-head self-attention then a feed-forward network, each with a
/// residual connection, layer normalization and dropout: `(batch, time, d) -> (batch, time, d)`.
///
/// Parameters, for width d, h heads of width k and hidden width f:
/// attention `4·h·k·d + 3·h·k + d`, feed-forward `2·d·f + f + d`, two norms `4·d`.
/// With h·k = d and f = 4d that is `12·d² + 13·d`.
public final class TransformerBlock: TrainingModeLayer {
    /// The two sublayers and the two normalizations.
    public let attention: MultiHeadSelfAttention
    /// The position-wise network.
    public let feedForward: FeedForward
    /// LN₁ (attention) and LN₂ (feed-forward).
    public let norm1 = LayerNorm(), norm2 = LayerNorm()
    /// Dropout after each sublayer, before the residual sum (Vaswani et al. 2017, §5.4).
    public let dropout1: Dropout, dropout2: Dropout
    /// Pre-norm (default) or post-norm.
    public let placement: NormPlacement
    /// `"TransformerBlock"`.
    public var typeName: String { "TransformerBlock" }
    /// The `(time, d)` input shape, if given at creation.
    public let declaredInputShape: [Int]?
    /// Training switches both dropouts on; evaluation (the default) off.
    public var isTraining: Bool {
        get { dropout1.isTraining }
        set { dropout1.isTraining = newValue; dropout2.isTraining = newValue }
    }
    private var input = Tensor(zeros: [0])

    /// A block with `heads` heads of width `keyDim`, a feed-forward network of width `hidden`.
    ///
    /// - Parameters:
    ///   - heads: the number of attention heads.
    ///   - keyDim: the width of each head's queries, keys and values.
    ///   - hidden: the width of the feed-forward network's hidden layer.
    ///   - causal: mask the future (a decoder-only language model); `true` by default.
    ///   - dropout: rate of both dropouts (0: none).
    ///   - activation: GELU (default) or ReLU in the feed-forward network.
    ///   - placement: ``NormPlacement/preNorm`` (default) or ``NormPlacement/postNorm``.
    ///   - inputShape: `[time, features]` when the block is a model's first layer; otherwise
    ///     nil, and the shape comes from the layer before it.
    public init(heads: Int, keyDim: Int, hidden: Int, causal: Bool = true, dropout: Float = 0,
                activation: FeedForwardActivation = .gelu, placement: NormPlacement = .preNorm,
                inputShape: [Int]? = nil) {
        attention = MultiHeadSelfAttention(heads: heads, keyDim: keyDim, causal: causal)
        feedForward = FeedForward(hidden: hidden, activation: activation)
        dropout1 = Dropout(dropout); dropout2 = Dropout(dropout)
        self.placement = placement
        self.declaredInputShape = inputShape
    }

    /// Builds attention, LN₁, the feed-forward network, LN₂, then seeds the two dropouts, in that
    /// order from `rng`; the output shape is the input's `(time, d)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "TransformerBlock: input shape must be (time, d), got \(inputShape)")
        for layer in [attention, norm1, feedForward, norm2, dropout1, dropout2] as [any Layer] {
            _ = layer.build(inputShape: inputShape, using: &rng)
        }
        return inputShape
    }

    /// Attention (8), LN₁ (2), feed-forward (4), LN₂ (2): 16 tensors.
    public var parameters: [Parameter] {
        attention.parameters + norm1.parameters + feedForward.parameters + norm2.parameters
    }

    /// `attention_query_kernel`, …, `norm1_gamma`, …, `feed_forward_inner_kernel`, …, `norm2_beta`.
    public var parameterNames: [String] {
        attention.parameterNames.map { "attention_" + $0 } + norm1.parameterNames.map { "norm1_" + $0 }
            + feedForward.parameterNames.map { "feed_forward_" + $0 } + norm2.parameterNames.map { "norm2_" + $0 }
    }

    /// The block's output for `x` `(batch, time, d)` (see the formulas at the top of the file).
    public func forward(_ x: Tensor) -> Tensor {
        input = x
        let h = residual(x, attention, dropout1, norm1)
        return residual(h, feedForward, dropout2, norm2)
    }

    /// Sets all 16 gradients and returns ∂L/∂x, adding the residual and branch paths.
    public func backward(_ dOutput: Tensor) -> Tensor {
        let dh = residualBackward(dOutput, feedForward, dropout2, norm2)
        return residualBackward(dh, attention, dropout1, norm1)
    }

    /// One residual sublayer: x + Drop(F(LN(x))) pre-norm, LN(x + Drop(F(x))) post-norm.
    private func residual(_ x: Tensor, _ sublayer: any Layer, _ dropout: Dropout, _ norm: LayerNorm) -> Tensor {
        let prenorm = placement == .preNorm
        var sum = dropout.forward(sublayer.forward(prenorm ? norm.forward(x) : x))
        sum += x
        return prenorm ? sum : norm.forward(sum)
    }

    /// ∂L/∂x of `residual` from ∂L/∂(its output): the branch's gradient plus the residual path's.
    private func residualBackward(_ dOutput: Tensor, _ sublayer: any Layer, _ dropout: Dropout,
                                  _ norm: LayerNorm) -> Tensor {
        let prenorm = placement == .preNorm
        let dSum = prenorm ? dOutput : norm.backward(dOutput)    // ∂L/∂(x + branch)
        let dBranch = sublayer.backward(dropout.backward(dSum))
        var dx = prenorm ? norm.backward(dBranch) : dBranch
        dx += dSum
        return dx
    }
}
