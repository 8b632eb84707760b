// Scaled dot-product attention, Vaswani et al. (2017), "Attention Is All You Need", §3.2.1:
//
//   Attention(Q, K, V) = softmax(Q Kᵀ / √d) V
//
// With a causal mask, position i attends only to positions j ≤ i (the decoder's mask in §3.2.3;
// PyTorch's `is_causal=True`), so masked weights are exactly 0.
//
// Backward, for one batch element with A = softmax(S), S = Q Kᵀ / √d, O = A V:
//   ∂V = Aᵀ ∂O
//   ∂A = ∂O Vᵀ
//   ∂S = A ⊙ (∂A − rowsum(∂A ⊙ A))          (softmax Jacobian, row by row)
//   ∂Q = ∂S K / √d,   ∂K = ∂Sᵀ Q / √d

/// The result of `scaledDotProductAttention`: outputs and the attention weights that produced
/// them (what a chapter draws as a heatmap).
public struct AttentionResult: Sendable {
    /// `(batch, queries, valueDim)`.
    public let output: Tensor
    /// `(batch, queries, keys)`; each row sums to 1.
    public let weights: Tensor
}

/// softmax(Q Kᵀ / √d) V for `query (B, Tq, d)`, `key (B, Tk, d)`, `value (B, Tk, dv)`.
public func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, causal: Bool = false) -> AttentionResult {
    check(query.rank == 3 && key.rank == 3 && value.rank == 3,
                  "attention: query, key, value must be (batch, time, dim), got \(query.shape), \(key.shape), \(value.shape)")
    let nb = query.shape[0], tq = query.shape[1], d = query.shape[2]
    let tk = key.shape[1], dv = value.shape[2]
    check(key.shape[0] == nb && key.shape[2] == d,
                  "attention: key \(key.shape) does not match query \(query.shape)")
    check(value.shape[0] == nb && value.shape[1] == tk,
                  "attention: value \(value.shape) does not match key \(key.shape)")
    check(!causal || tq == tk, "attention: causal mask needs as many queries as keys, got \(query.shape) and \(key.shape)")
    let scale = 1 / Float(d).squareRoot()
    // Every element is written below (masked weights are set to 0), so no zero-fill first.
    var weights = uninitializedFloats(nb * tq * tk)
    var out = uninitializedFloats(nb * tq * dv)
    query.scalars.withUnsafeBufferPointer { pq in
    key.scalars.withUnsafeBufferPointer { pk in
    value.scalars.withUnsafeBufferPointer { pv in
    weights.withUnsafeMutableBufferPointer { pw in
    out.withUnsafeMutableBufferPointer { po in
        // The sequences of the batch are independent: with two threads, each takes half of them.
        inHalves(nb, multiplyAdds: Double(nb * tq * tk * (d + dv))) { batches, _ in
        for b in batches {
            let q = pq.baseAddress! + b * tq * d, k = pk.baseAddress! + b * tk * d
            let v = pv.baseAddress! + b * tk * dv
            let s = pw.baseAddress! + b * tq * tk, o = po.baseAddress! + b * tq * dv
            gemmNT(m: tq, n: tk, k: d, a: q, lda: d, b: k, ldb: d, c: s, ldc: tk, accumulate: false)  // (Tq, d) x (d, Tk)
            for i in 0..<tq {
                let row = s + i * tk
                let visible = causal ? i + 1 : tk
                var m = -Float.infinity
                for j in 0..<visible { row[j] *= scale; m = max(m, row[j]) }
                for j in 0..<visible { row[j] -= m }
                expInPlace(row, visible)
                var sum: Float = 0
                for j in 0..<visible { sum += row[j] }
                let inv = 1 / sum
                for j in 0..<visible { row[j] *= inv }
                for j in visible..<tk { row[j] = 0 }
            }
            gemm(m: tq, n: dv, k: tk, a: s, ars: tk, acs: 1, b: v, ldb: dv, c: o, ldc: dv, accumulate: false)  // (Tq, Tk) x (Tk, dv)
        }
        }
    }}}}}
    return AttentionResult(output: Tensor(shape: [nb, tq, dv], scalars: out),
                           weights: Tensor(shape: [nb, tq, tk], scalars: weights))
}

/// Gradients of scaled dot-product attention with respect to query, key and value, given the
/// forward inputs, its weights and ∂loss/∂output. (The causal mask needs no extra work: masked
/// weights are 0, so their ∂S entries are 0 too.)
public func scaledDotProductAttentionBackward(query: Tensor, key: Tensor, value: Tensor, weights: Tensor,
                                              outputGradient dO: Tensor) -> (query: Tensor, key: Tensor, value: Tensor) {
    let nb = query.shape[0], tq = query.shape[1], d = query.shape[2]
    let tk = key.shape[1], dv = value.shape[2]
    check(dO.shape == [nb, tq, dv], "attention backward: gradient \(dO.shape) vs output \([nb, tq, dv])")
    check(weights.shape == [nb, tq, tk], "attention backward: weights \(weights.shape) vs \([nb, tq, tk])")
    let scale = 1 / Float(d).squareRoot()
    // The products overwrite every element of these.
    var dq = uninitializedFloats(query.count)
    var dk = uninitializedFloats(key.count)
    var dvv = uninitializedFloats(value.count)
    var ds = uninitializedFloats(2 * tq * tk)   // ∂S of one sequence, for each of two threads
    query.scalars.withUnsafeBufferPointer { pq in
    key.scalars.withUnsafeBufferPointer { pk in
    value.scalars.withUnsafeBufferPointer { pv in
    weights.scalars.withUnsafeBufferPointer { pw in
    dO.scalars.withUnsafeBufferPointer { pdo in
    dq.withUnsafeMutableBufferPointer { pdq in
    dk.withUnsafeMutableBufferPointer { pdk in
    dvv.withUnsafeMutableBufferPointer { pdv in
    ds.withUnsafeMutableBufferPointer { pds in
        // As in the forward pass, with two threads each takes half of the batch.
        inHalves(nb, multiplyAdds: Double(nb * tq * tk * (2 * dv + 2 * d))) { batches, part in
        let s = pds.baseAddress! + part * tq * tk
        for b in batches {
            let q = pq.baseAddress! + b * tq * d, k = pk.baseAddress! + b * tk * d
            let v = pv.baseAddress! + b * tk * dv, a = pw.baseAddress! + b * tq * tk
            let go = pdo.baseAddress! + b * tq * dv
            // ∂V = Aᵀ ∂O: (Tk, Tq) x (Tq, dv)
            gemm(m: tk, n: dv, k: tq, a: a, ars: 1, acs: tk, b: go, ldb: dv,
                 c: pdv.baseAddress! + b * tk * dv, ldc: dv, accumulate: false)
            // ∂A = ∂O Vᵀ: (Tq, dv) x (dv, Tk)
            gemmNT(m: tq, n: tk, k: dv, a: go, lda: dv, b: v, ldb: dv, c: s, ldc: tk, accumulate: false)
            for i in 0..<tq {
                let ar = a + i * tk, sr = s + i * tk
                var dot: Float = 0
                for j in 0..<tk { dot += sr[j] * ar[j] }
                for j in 0..<tk { sr[j] = ar[j] * (sr[j] - dot) * scale }
            }
            // ∂Q = ∂S K: (Tq, Tk) x (Tk, d);  ∂K = ∂Sᵀ Q: (Tk, Tq) x (Tq, d)
            gemm(m: tq, n: d, k: tk, a: s, ars: tk, acs: 1, b: k, ldb: d,
                 c: pdq.baseAddress! + b * tq * d, ldc: d, accumulate: false)
            gemm(m: tk, n: d, k: tq, a: s, ars: 1, acs: tk, b: q, ldb: d,
                 c: pdk.baseAddress! + b * tk * d, ldc: d, accumulate: false)
        }
        }
    }}}}}}}}}
    return (Tensor(shape: query.shape, scalars: dq), Tensor(shape: key.shape, scalars: dk),
            Tensor(shape: value.shape, scalars: dvv))
}

/// Single-head self-attention layer: Q, K, V are projections of the same input,
/// `(batch, time, dModel) -> (batch, time, dModel)`:
///
///   Y = Attention(X Wq + bq, X Wk + bk, X Wv + bv) Wo + bo
///
/// Parameters: `3 · (dModel · keyDim + keyDim) + keyDim · dModel + dModel`, the count of Keras'
/// `MultiHeadAttention(num_heads=1, key_dim=keyDim)` used as self-attention.
public final class SelfAttention: Layer {
    /// The width d of the queries, keys and values (the scores are divided by √d).
    public let keyDim: Int
    /// Whether position t may attend only to positions ≤ t.
    public let causal: Bool
    /// The layer's type in ``Sequential/summary()``: "SelfAttention".
    public var typeName: String { "SelfAttention" }
    /// The `inputShape:` given at creation (without the batch axis), or nil.
    public let declaredInputShape: [Int]?
    private var projQ: Dense!, projK: Dense!, projV: Dense!, projO: Dense!
    private var q = Tensor(zeros: [0]), k = Tensor(zeros: [0]), v = Tensor(zeros: [0])
    private var result: AttentionResult?

    /// A single-head self-attention layer; its four projections are made by ``build(inputShape:using:)``.
    ///
    /// - Parameters:
    ///   - keyDim: d, the width of the queries, keys and values (positive).
    ///   - causal: mask the future, for a model that predicts the next token.
    ///   - inputShape: `(time, dModel)`, needed when this is a model's first layer.
    public init(keyDim: Int, causal: Bool = false, inputShape: [Int]? = nil) {
        check(keyDim > 0, "SelfAttention: keyDim must be positive, got \(keyDim)")
        self.keyDim = keyDim
        self.causal = causal
        self.declaredInputShape = inputShape
    }

    /// Creates the query, key and value projections `(dModel, d)` and the output projection `(d, dModel)`,
    /// each with a bias, in that order from `rng`; the output shape equals `inputShape` `(time, dModel)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "SelfAttention: input shape must be (time, dModel), got \(inputShape)")
        projQ = Dense(keyDim); projK = Dense(keyDim); projV = Dense(keyDim); projO = Dense(inputShape[1])
        _ = projQ.build(inputShape: inputShape, using: &rng)
        _ = projK.build(inputShape: inputShape, using: &rng)
        _ = projV.build(inputShape: inputShape, using: &rng)
        _ = projO.build(inputShape: [inputShape[0], keyDim], using: &rng)
        return inputShape
    }

    /// The kernels and biases of the query, key, value and output projections, in that order.
    public var parameters: [Parameter] {
        projQ == nil ? [] : projQ.parameters + projK.parameters + projV.parameters + projO.parameters
    }

    /// Y = softmax((XWq+bq)(XWk+bk)ᵀ/√d [+ causal mask]) (XWv+bv) Wo + bo for `x` `(batch, time, dModel)`;
    /// keeps the attention weights for ``lastAttentionWeights`` and ``backward(_:)``.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(projQ != nil, "SelfAttention")
        q = projQ.forward(x); k = projK.forward(x); v = projV.forward(x)   // (B, T, keyDim) each
        let r = scaledDotProductAttention(query: q, key: k, value: v, causal: causal)
        result = r
        return projO.forward(r.output)                                     // (B, T, keyDim) -> (B, T, dModel)
    }

    /// Sets every projection's gradients for the last ``forward(_:)`` and returns ∂loss/∂x, summed
    /// over the three paths by which x reaches the output.
    public func backward(_ dOutput: Tensor) -> Tensor {
        guard let r = result else { fatalError("SelfAttention: backward before forward") }
        let dAttn = projO.backward(dOutput)
        let g = scaledDotProductAttentionBackward(query: q, key: k, value: v, weights: r.weights, outputGradient: dAttn)
        var dx = projQ.backward(g.query)
        dx += projK.backward(g.key)
        dx += projV.backward(g.value)
        return dx
    }

    /// Attention weights of the last forward pass, `(batch, queries, keys)`.
    public var lastAttentionWeights: Tensor {
        guard let r = result else { fatalError("SelfAttention: no forward pass yet") }
        return r.weights
    }
}
