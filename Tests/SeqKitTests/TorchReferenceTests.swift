import Testing
@testable import SeqKit

/// Outputs and gradients compared with PyTorch (References/torch_reference.py, computed in
/// float64 from the same Float32-representable weights). Tolerances: SeqKit runs in Float, whose
/// rounding (6e-8 relative) grows over a few dozen operations per output to ~1e-6; outputs are
/// O(1), gradients O(1–10). 1e-5 absolute + 1e-4 relative leaves headroom of ~10× over that while
/// any formula error (wrong gate order, missing term) is off by O(0.1).
@Suite("Against PyTorch")
struct TorchReferenceTests {
    let atol: Float = 1e-5, rtol: Float = 1e-4

    func recurrent<L: Layer>(_ key: String, make: (Int) -> L, weights: (L) -> [Parameter]) throws {
        let ref = try #require(try loadReference("torch_reference.json")[key] as? [String: Any])
        let x = try tensor(ref, "x"), w = try tensor(ref, "W"), u = try tensor(ref, "U"), b = try tensor(ref, "b")
        let r = try tensor(ref, "R")
        let h = u.shape[0]
        let layer = make(h)
        var rng = SeededGenerator(seed: 0)
        _ = layer.build(inputShape: Array(x.shape.dropFirst()), using: &rng)
        let params = weights(layer)
        params[0].value = w; params[1].value = u; params[2].value = b
        let out = layer.forward(x)
        expectClose(out, try tensor(ref, "output"), atol: atol, rtol: rtol, "\(key) output")
        let dx = layer.backward(r)
        expectClose(dx, try tensor(ref, "dx"), atol: atol, rtol: rtol, "\(key) ∂x")
        expectClose(params[0].gradient, try tensor(ref, "dW"), atol: atol, rtol: rtol, "\(key) ∂W")
        expectClose(params[1].gradient, try tensor(ref, "dU"), atol: atol, rtol: rtol, "\(key) ∂U")
        expectClose(params[2].gradient, try tensor(ref, "db"), atol: atol, rtol: rtol, "\(key) ∂b")
    }

    @Test func simpleRNN() throws {
        try recurrent("rnn", make: { SimpleRNN($0, returnSequences: true) },
                      weights: { [$0.kernel, $0.recurrentKernel, $0.bias] })
    }

    @Test func lstm() throws {
        try recurrent("lstm", make: { LSTM($0, returnSequences: true) },
                      weights: { [$0.kernel, $0.recurrentKernel, $0.bias] })
    }

    /// GRU: PyTorch's `nn.GRU`, weights reordered to Keras' z, r, n blocks and a (2, 3H) bias.
    /// Two cases: returnSequences (loss on every step) and last-step only.
    @Test("GRU", arguments: ["gru", "gru_last"])
    func gru(key: String) throws {
        try recurrent(key, make: { GRU($0, returnSequences: key == "gru") },
                      weights: { [$0.kernel, $0.recurrentKernel, $0.bias] })
    }

    @Test("Scaled dot-product attention", arguments: ["attention", "attention_causal"])
    func attention(key: String) throws {
        let ref = try #require(try loadReference("torch_reference.json")[key] as? [String: Any])
        let q = try tensor(ref, "q"), k = try tensor(ref, "k"), v = try tensor(ref, "v"), r = try tensor(ref, "R")
        let result = scaledDotProductAttention(query: q, key: k, value: v, causal: key.hasSuffix("causal"))
        expectClose(result.output, try tensor(ref, "output"), atol: atol, rtol: rtol, "\(key) output")
        expectClose(result.weights, try tensor(ref, "weights"), atol: atol, rtol: rtol, "\(key) weights")
        let g = scaledDotProductAttentionBackward(query: q, key: k, value: v, weights: result.weights, outputGradient: r)
        expectClose(g.query, try tensor(ref, "dq"), atol: atol, rtol: rtol, "\(key) ∂q")
        expectClose(g.key, try tensor(ref, "dk"), atol: atol, rtol: rtol, "\(key) ∂k")
        expectClose(g.value, try tensor(ref, "dv"), atol: atol, rtol: rtol, "\(key) ∂v")
    }

    @Test func referenceRecordsVersions() throws {
        let versions = try #require(try loadReference("torch_reference.json")["versions"] as? [String: String])
        #expect(versions["torch"] != nil && versions["numpy"] != nil)
    }
}
