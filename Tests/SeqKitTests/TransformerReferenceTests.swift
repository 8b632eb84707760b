import Testing
@testable import SeqKit

/// The Transformer layers against PyTorch (References/transformer_reference.py: nn.LayerNorm,
/// nn.GELU(approximate="tanh"), nn.MultiheadAttention, nn.TransformerEncoderLayer with a causal
/// mask, in float64, from the same Float32-representable weights). Tolerances as in
/// TorchReferenceTests: 1e-5 absolute + 1e-4 relative, ~10× above Float rounding over a block's
/// few hundred operations per output, far below any formula error.
@Suite("Transformer layers against PyTorch")
struct TransformerReferenceTests {
    let atol: Float = 1e-5, rtol: Float = 1e-4

    func reference(_ key: String) throws -> [String: Any] {
        try #require(try loadReference("transformer_reference.json")[key] as? [String: Any])
    }

    func tensors(_ ref: [String: Any], _ key: String) throws -> [Tensor] {
        let list = try #require(ref[key] as? [[String: Any]], "missing \(key)")
        return try list.map { try tensor(["t": $0], "t") }
    }

    func built(_ layer: any Layer, _ shape: [Int]) -> any Layer {
        var rng = SeededGenerator(seed: 0)
        _ = layer.build(inputShape: shape, using: &rng)
        return layer
    }

    /// Loads the reference weights, runs forward and backward, compares output, ∂x and every
    /// parameter's gradient.
    func compare(_ key: String, _ layer: any Layer) throws {
        let ref = try reference(key)
        let x = try tensor(ref, "x"), r = try tensor(ref, "R")
        _ = built(layer, Array(x.shape.dropFirst()))
        let params = try tensors(ref, "params"), grads = try tensors(ref, "grads")
        #expect(layer.parameters.count == params.count, "\(key): parameter count")
        for (p, v) in zip(layer.parameters, params) {
            #expect(p.value.shape == v.shape, "\(key) \(p.name): shape \(p.value.shape) vs \(v.shape)")
            p.value = v
        }
        expectClose(layer.forward(x), try tensor(ref, "output"), atol: atol, rtol: rtol, "\(key) output")
        expectClose(layer.backward(r), try tensor(ref, "dx"), atol: atol, rtol: rtol, "\(key) ∂x")
        for ((p, name), g) in zip(zip(layer.parameters, layer.parameterNames), grads) {
            expectClose(p.gradient, g, atol: atol, rtol: rtol, "\(key) ∂\(name)")
        }
    }

    @Test func layerNorm() throws {
        let ref = try reference("layernorm")
        let x = try tensor(ref, "x"), r = try tensor(ref, "R")
        let ln = LayerNorm()
        _ = built(ln, Array(x.shape.dropFirst()))
        ln.gamma.value = try tensor(ref, "gamma"); ln.beta.value = try tensor(ref, "beta")
        expectClose(ln.forward(x), try tensor(ref, "output"), atol: atol, rtol: rtol, "layer norm output")
        expectClose(ln.backward(r), try tensor(ref, "dx"), atol: atol, rtol: rtol, "layer norm ∂x")
        expectClose(ln.gamma.gradient, try tensor(ref, "dgamma"), atol: atol, rtol: rtol, "layer norm ∂γ")
        expectClose(ln.beta.gradient, try tensor(ref, "dbeta"), atol: atol, rtol: rtol, "layer norm ∂β")
    }

    @Test func gelu() throws {
        let ref = try reference("gelu")
        let x = try tensor(ref, "x"), r = try tensor(ref, "R")
        let g = GELU()
        expectClose(g.forward(x), try tensor(ref, "output"), atol: atol, rtol: rtol, "GELU output")
        expectClose(g.backward(r), try tensor(ref, "dx"), atol: atol, rtol: rtol, "GELU ∂x")
    }

    @Test("Multi-head self-attention", arguments: ["mha", "mha_causal"])
    func multiHead(key: String) throws {
        let ref = try reference(key)
        let heads = try #require(ref["heads"] as? Int)
        let d = try tensor(ref, "x").shape[2]
        let layer = MultiHeadSelfAttention(heads: heads, keyDim: d / heads, causal: key.hasSuffix("causal"))
        try compare(key, layer)
        expectClose(layer.lastAttentionWeights, try tensor(ref, "weights"), atol: atol, rtol: rtol,
                    "\(key) attention weights (batch, heads, T, T)")
    }

    @Test("Transformer block", arguments: [
        ("block_pre_gelu", NormPlacement.preNorm, FeedForwardActivation.gelu),
        ("block_post_gelu", .postNorm, .gelu),
        ("block_pre_relu", .preNorm, .relu),
    ])
    func block(key: String, placement: NormPlacement, activation: FeedForwardActivation) throws {
        let ref = try reference(key)
        let heads = try #require(ref["heads"] as? Int), hidden = try #require(ref["hidden"] as? Int)
        let d = try tensor(ref, "x").shape[2]
        try compare(key, TransformerBlock(heads: heads, keyDim: d / heads, hidden: hidden,
                                          activation: activation, placement: placement))
    }

    @Test func referenceRecordsVersions() throws {
        let versions = try #require(try loadReference("transformer_reference.json")["versions"] as? [String: String])
        #expect(versions["torch"] != nil && versions["numpy"] != nil)
    }
}
