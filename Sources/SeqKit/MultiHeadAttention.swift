// Multi-head self-attention, Vaswani et al. (2017), "Attention Is All You Need", §3.2.2:
//
//   headᵢ = Attention(X W_Qᵢ, X W_Kᵢ, X W_Vᵢ)          (scaled dot product, Attention.swift)
//   MultiHead(X) = Concat(head₁, …, head_h) W_O
//
// h heads of width k each look at the sequence with their own projections; their outputs are
// concatenated and mixed by W_O. Implemented as one (d, h·k) projection per role, whose columns
// i·k ..< (i+1)·k belong to head i (the layout of PyTorch's `nn.MultiheadAttention` and of
// Keras' `MultiHeadAttention` kernels reshaped to (d, h, k)); the heads are then moved to the
// batch axis so `scaledDotProductAttention` runs all B·h attentions in one call:
//
//   (B, T, h·k) --split--> (B·h, T, k) --attention--> (B·h, T, k) --merge--> (B, T, h·k)
//
// Backward runs the same path in reverse; splitting and merging only move elements.

/// Self-attention with `heads` heads of width `keyDim`, optionally causal:
/// `(batch, time, d) -> (batch, time, d)`.
///
/// Parameters: four projections with biases, `3·(d·h·k + h·k) + h·k·d + d` scalars — Keras'
/// `MultiHeadAttention(num_heads=h, key_dim=k)` used as self-attention, and PyTorch's
/// `nn.MultiheadAttention(d, h)` when h·k = d.
public final class MultiHeadSelfAttention: Layer {
    /// h, the number of heads.
    public let heads: Int
    /// k, the width of each head's queries, keys and values (scores are divided by √k).
    public let keyDim: Int
    /// Whether position t may attend only to positions ≤ t (a language model's mask).
    public let causal: Bool
    /// `"MultiHeadAttention"`, Keras' class name.
    public var typeName: String { "MultiHeadAttention" }
    /// The `(time, d)` input shape, if given at creation.
    public let declaredInputShape: [Int]?
    /// The query, key, value and output projections; `nil` until built.
    public private(set) var query: Dense!, key: Dense!, value: Dense!, output: Dense!
    private var q = Tensor(zeros: [0]), k = Tensor(zeros: [0]), v = Tensor(zeros: [0])
    private var result: AttentionResult?
    private var batch = 0, time = 0

    /// A multi-head self-attention layer.
    ///
    /// - Parameters:
    ///   - heads: h, positive.
    ///   - keyDim: k, the width of each head, positive.
    ///   - causal: mask the future.
    ///   - inputShape: `(time, d)`, for a model's first layer.
    public init(heads: Int, keyDim: Int, causal: Bool = false, inputShape: [Int]? = nil) {
        check(heads > 0 && keyDim > 0, "MultiHeadSelfAttention: heads and keyDim must be positive, got \(heads), \(keyDim)")
        self.heads = heads
        self.keyDim = keyDim
        self.causal = causal
        self.declaredInputShape = inputShape
    }

    /// Creates W_Q, W_K, W_V `(d, h·k)` and W_O `(h·k, d)`, each Glorot uniform with a zero bias,
    /// in that order from `rng`; the output shape is the input's `(time, d)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "MultiHeadSelfAttention: input shape must be (time, d), got \(inputShape)")
        let width = heads * keyDim
        query = Dense(width); key = Dense(width); value = Dense(width); output = Dense(inputShape[1])
        _ = query.build(inputShape: inputShape, using: &rng)
        _ = key.build(inputShape: inputShape, using: &rng)
        _ = value.build(inputShape: inputShape, using: &rng)
        _ = output.build(inputShape: [inputShape[0], width], using: &rng)
        return inputShape
    }

    /// The kernels and biases of the query, key, value and output projections, in that order.
    public var parameters: [Parameter] {
        query == nil ? [] : query.parameters + key.parameters + value.parameters + output.parameters
    }

    /// `query_kernel`, `query_bias`, `key_kernel`, …, `output_bias`.
    public var parameterNames: [String] {
        ["query", "key", "value", "output"].flatMap { ["\($0)_kernel", "\($0)_bias"] }
    }

    /// Concat(head₁ … head_h) W_O + b_O for `x` `(batch, time, d)`; keeps every head's weights.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(query != nil, "MultiHeadSelfAttention")
        check(x.rank == 3, "MultiHeadSelfAttention: input must be (batch, time, d), got \(x.shape)")
        batch = x.shape[0]; time = x.shape[1]
        q = splitHeads(query.forward(x))                  // (B, T, h·k) -> (B·h, T, k)
        k = splitHeads(key.forward(x))
        v = splitHeads(value.forward(x))
        let r = scaledDotProductAttention(query: q, key: k, value: v, causal: causal)
        result = r
        return output.forward(mergeHeads(r.output))       // (B·h, T, k) -> (B, T, h·k) -> (B, T, d)
    }

    /// Sets every projection's gradients for the last forward pass and returns ∂L/∂x, the sum
    /// over the query, key and value paths.
    public func backward(_ dOutput: Tensor) -> Tensor {
        guard let r = result else { fatalError("MultiHeadSelfAttention: backward before forward") }
        let dHeads = splitHeads(output.backward(dOutput))
        let g = scaledDotProductAttentionBackward(query: q, key: k, value: v, weights: r.weights,
                                                  outputGradient: dHeads)
        var dx = query.backward(mergeHeads(g.query))
        dx += key.backward(mergeHeads(g.key))
        dx += value.backward(mergeHeads(g.value))
        return dx
    }

    /// The attention weights of the last forward pass, `(batch, heads, queries, keys)`; each row
    /// sums to 1 (masked entries are exactly 0).
    public var lastAttentionWeights: Tensor {
        guard let r = result else { fatalError("MultiHeadSelfAttention: no forward pass yet") }
        return r.weights.reshaped([batch, heads, time, time])
    }

    /// (B, T, h·k) -> (B·h, T, k): element (b, t, i·k + j) goes to (b·h + i, t, j).
    func splitHeads(_ x: Tensor) -> Tensor { moveHeads(x, toBatch: true) }

    /// (B·h, T, k) -> (B, T, h·k), the inverse of `splitHeads`.
    func mergeHeads(_ x: Tensor) -> Tensor { moveHeads(x, toBatch: false) }

    /// Moves each head's k-wide slice of a position between the feature axis, (B, T, h·k), and
    /// the batch axis, (B·h, T, k): `toBatch` splits, otherwise merges. Elements only move.
    private func moveHeads(_ x: Tensor, toBatch: Bool) -> Tensor {
        let (nb, t, h, w) = (batch, time, heads, keyDim)
        var out = uninitializedFloats(x.count)
        x.scalars.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for b in 0..<nb { for s in 0..<t { for i in 0..<h {
                    let features = ((b * t + s) * h + i) * w, batched = ((b * h + i) * t + s) * w
                    let from = src.baseAddress! + (toBatch ? features : batched)
                    let to = dst.baseAddress! + (toBatch ? batched : features)
                    for j in 0..<w { to[j] = from[j] }   // k is small: a loop, not a memmove call
                }}}
            }
        }
        return Tensor(shape: toBatch ? [nb * h, t, w] : [nb, t, h * w], scalars: out)
    }
}
