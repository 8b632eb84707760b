import Testing
@testable import SeqKit

/// Backward passes of the Transformer layers against central finite differences
/// (`checkLayerGradients`, Support.swift), plus the rules of dropout and the sampling helpers.
@Suite("Transformer layers: gradients, dropout, sampling")
struct TransformerGradientTests {
    func built<L: Layer>(_ layer: L, _ shape: [Int], seed: UInt64 = 1) -> L {
        var rng = SeededGenerator(seed: seed)
        _ = layer.build(inputShape: shape, using: &rng)
        return layer
    }

    func input(_ shape: [Int], seed: UInt64 = 3) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return rng.normalTensor(shape)
    }

    @Test func layerNorm() {
        let ln = built(LayerNorm(), [4, 6])
        // Non-trivial γ and β, so their gradients and ĝ = g ⊙ γ are exercised.
        var rng = SeededGenerator(seed: 5)
        ln.gamma.value = rng.normalTensor([6]) + 1
        ln.beta.value = rng.normalTensor([6])
        checkLayerGradients(ln, input: input([2, 4, 6]))
    }

    @Test func gelu() { checkLayerGradients(GELU(), input: input([3, 7])) }

    @Test func positionEmbedding() {
        checkLayerGradients(built(PositionEmbedding(maxLength: 7), [5, 3]), input: input([2, 5, 3]))
    }

    @Test("Multi-head self-attention", arguments: [false, true])
    func multiHead(causal: Bool) {
        let layer = built(MultiHeadSelfAttention(heads: 3, keyDim: 2, causal: causal), [5, 4])
        checkLayerGradients(layer, input: input([2, 5, 4]))
    }

    @Test func feedForwardGELU() {
        checkLayerGradients(built(FeedForward(hidden: 7), [4, 5]), input: input([2, 4, 5]))
    }

    @Test("Transformer block", arguments: [NormPlacement.preNorm, .postNorm])
    func block(placement: NormPlacement) {
        let layer = built(TransformerBlock(heads: 2, keyDim: 3, hidden: 10, placement: placement), [5, 6])
        checkLayerGradients(layer, input: input([2, 5, 6]))
    }

    @Test func causalHeadsIgnoreTheFuture() {
        // Changing the last position must leave every earlier output unchanged, bit for bit.
        let layer = built(TransformerBlock(heads: 2, keyDim: 3, hidden: 10), [5, 6])
        var x = input([1, 5, 6])
        let before = layer.forward(x)
        for j in 0..<6 { x[0, 4, j] += 1 }
        let after = layer.forward(x)
        #expect(Array(before.scalars[0..<24]) == Array(after.scalars[0..<24]))
        #expect(before.scalars[24..<30] != after.scalars[24..<30])
        let w = built(MultiHeadSelfAttention(heads: 2, keyDim: 3, causal: true), [5, 6])
        _ = w.forward(x)
        let a = w.lastAttentionWeights
        #expect(a.shape == [1, 2, 5, 5])
        for h in 0..<2 { for i in 0..<5 { for j in (i + 1)..<5 where j < 5 { #expect(a[0, h, i, j] == 0) } } }
    }

    @Test func dropoutTrainingAndEvaluation() {
        let drop = Dropout(0.25, seed: 9)
        let x = input([50, 40])
        #expect(drop.forward(x).scalars == x.scalars, "evaluation mode is the identity")
        drop.isTraining = true
        let y = drop.forward(x)
        let mask = drop.lastMask
        let zeros = mask.filter { $0 == 0 }.count
        #expect(mask.allSatisfy { $0 == 0 || $0 == 1 / Float(0.75) })
        // 2,000 draws at p = 0.25: 500 expected, standard deviation ≈ 19.4; ±100 is > 5σ.
        #expect(abs(zeros - 500) < 100, "zeroed \(zeros) of 2000")
        #expect(y.scalars == zip(x.scalars, mask).map { $0 * $1 })
        let g = input([50, 40], seed: 4)
        #expect(drop.backward(g).scalars == zip(g.scalars, mask).map { $0 * $1 })
        // The same seed gives the same masks; the next pass draws a new one.
        let again = Dropout(0.25, seed: 9)
        again.isTraining = true
        _ = again.forward(x)
        #expect(again.lastMask == mask)
        _ = again.forward(x)
        #expect(again.lastMask != mask)
    }

    @Test func sequentialSwitchesDropoutForTrainingOnly() {
        let drop = Dropout(0.5)
        let model = Sequential(seed: 3, inputShape: [4]) { Dense(3); drop; Dense(1) }
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let x = input([8, 4]), y = input([8, 1], seed: 8)
        model.trainStep(x, y)
        #expect(!drop.isTraining, "back in evaluation after trainStep")
        #expect(model(x).scalars == model(x).scalars, "evaluation is deterministic (no mask)")
        #expect(drop.lastMask.isEmpty)
    }

    @Test func temperatureSoftmaxAndEntropy() {
        let logits: [Float] = [2, 1, 0, -1]
        let p = temperatureSoftmax(logits)
        #expect(abs(p.reduce(0, +) - 1) < 1e-15)
        // softmax([2, 1, 0, −1]) by hand: e^{-k} / (1 + e^{-1} + e^{-2} + e^{-3}).
        let e: (Double) -> Double = PortableMath.exp
        let z = 1 + e(-1) + e(-2) + e(-3)
        #expect(abs(p[0] - 1 / z) < 1e-15 && abs(p[3] - e(-3) / z) < 1e-15)
        let cold = temperatureSoftmax(logits, temperature: 0.05), hot = temperatureSoftmax(logits, temperature: 1000)
        #expect(cold[0] > 0.999_999)
        #expect(hot.allSatisfy { abs($0 - 0.25) < 1e-3 })
        #expect(abs(entropyBits([0.25, 0.25, 0.25, 0.25]) - 2) < 1e-15)
        #expect(entropyBits([1, 0, 0]) == 0)
        #expect(abs(entropyBits([0.5, 0.5]) - 1) < 1e-15)
        #expect(entropyBits(cold) < entropyBits(p) && entropyBits(p) < entropyBits(hot))
    }

    @Test func categoricalIsSeededAndFollowsTheProbabilities() {
        let p = [0.1, 0.0, 0.6, 0.3]
        var a = SeededGenerator(seed: 21), b = SeededGenerator(seed: 21)
        let draws = (0..<10_000).map { _ in a.categorical(p) }
        #expect(draws == (0..<10_000).map { _ in b.categorical(p) })
        var counts = [0, 0, 0, 0]
        for d in draws { counts[d] += 1 }
        #expect(counts[1] == 0, "an impossible index is never drawn")
        // Binomial standard deviations at n = 10,000: 30, 49, 46; allow 5σ.
        #expect(abs(counts[0] - 1000) < 150 && abs(counts[2] - 6000) < 245 && abs(counts[3] - 3000) < 230,
                "counts \(counts)")
    }

    @Test func parameterCountsFromShapes() {
        // d = 16, h = 4, k = 4, f = 64: 12·d² + 13·d = 3,280 (attention 1,088, FFN 2,128, norms 64).
        let block = built(TransformerBlock(heads: 4, keyDim: 4, hidden: 64), [8, 16])
        #expect(block.attention.parameterCount == 1_088)
        #expect(block.feedForward.parameterCount == 2_128)
        #expect(block.parameterCount == 3_280)
        #expect(block.parameterNames.count == 16 && Set(block.parameterNames).count == 16)
    }
}
