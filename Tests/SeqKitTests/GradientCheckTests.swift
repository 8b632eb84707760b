import Testing
@testable import SeqKit

@Suite("Gradients against finite differences")
struct GradientCheckTests {
    func built<L: Layer>(_ layer: L, _ shape: [Int], seed: UInt64 = 1) -> L {
        var rng = SeededGenerator(seed: seed)
        _ = layer.build(inputShape: shape, using: &rng)
        return layer
    }

    func input(_ shape: [Int], seed: UInt64 = 3) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        return rng.normalTensor(shape)
    }

    @Test("Dense", arguments: [Activation.linear, .relu, .sigmoid, .tanh, .softmax])
    func dense(activation: Activation) {
        let layer = built(Dense(5, activation: activation), [4])
        // Shift the input away from relu's kink so the central difference is well defined.
        var x = input([3, 4])
        if activation == .relu { x = x.map { $0 + ($0 >= 0 ? 0.2 : -0.2) } }
        checkLayerGradients(layer, input: x)
    }

    @Test func denseOnSequences() {
        checkLayerGradients(built(Dense(3, activation: .tanh), [5, 4]), input: input([2, 5, 4]))
    }

    @Test func embedding() {
        let layer = built(Embedding(vocabularySize: 7, dimension: 3), [4])
        let ids = Tensor(shape: [2, 4], scalars: [0, 3, 3, 6, 1, 2, 6, 0])
        checkLayerGradients(layer, input: ids, inputIsDifferentiable: false)
    }

    @Test("SimpleRNN", arguments: [false, true])
    func simpleRNN(returnSequences: Bool) {
        let layer = built(SimpleRNN(4, returnSequences: returnSequences), [6, 3])
        checkLayerGradients(layer, input: input([2, 6, 3]))
    }

    @Test("LSTM", arguments: [false, true])
    func lstm(returnSequences: Bool) {
        let layer = built(LSTM(4, returnSequences: returnSequences), [6, 3])
        checkLayerGradients(layer, input: input([2, 6, 3]))
    }

    @Test("LSTM with 16-lane-wide hidden state (vector paths without tails)")
    func lstmWide() {
        let layer = built(LSTM(16, returnSequences: true), [3, 2])
        checkLayerGradients(layer, input: input([7, 3, 2]))
    }

    @Test("GRU", arguments: [false, true])
    func gru(returnSequences: Bool) {
        let layer = built(GRU(4, returnSequences: returnSequences), [6, 3])
        // Non-zero biases, so the b_rec path through the reset gate (r ⊙ b_rec,n) is checked too.
        var rng = SeededGenerator(seed: 5)
        layer.bias.value = rng.normalTensor([2, 12]) * 0.5
        checkLayerGradients(layer, input: input([2, 6, 3]))
    }

    @Test("GRU with a 16-wide hidden state and one sequence of 7 steps")
    func gruWide() {
        let layer = built(GRU(16, returnSequences: true), [7, 2])
        checkLayerGradients(layer, input: input([1, 7, 2]))
    }

    @Test("Self-attention", arguments: [false, true])
    func selfAttention(causal: Bool) {
        let layer = built(SelfAttention(keyDim: 3, causal: causal), [5, 4])
        checkLayerGradients(layer, input: input([2, 5, 4]))
    }

    @Test func positionalEncoding() {
        checkLayerGradients(built(PositionalEncoding(), [5, 6]), input: input([2, 5, 6]))
    }

    @Test("Losses", arguments: [Loss.meanSquaredError, .binaryCrossEntropy, .binaryCrossEntropyFromLogits,
                                .softmaxCrossEntropy, .sparseSoftmaxCrossEntropy])
    func loss(_ loss: Loss) {
        var rng = SeededGenerator(seed: 11)
        var p: Tensor
        var y: Tensor
        switch loss {
        case .meanSquaredError, .binaryCrossEntropyFromLogits:
            p = rng.normalTensor([4, 3]); y = rng.uniformTensor([4, 3])
        case .binaryCrossEntropy:
            p = rng.uniformTensor([4, 3], 0.2, 0.8); y = rng.uniformTensor([4, 3]).map { $0 > 0.5 ? 1 : 0 }
        case .softmaxCrossEntropy:
            p = rng.normalTensor([4, 3])
            y = softmaxRows(rng.normalTensor([4, 3]))
        case .sparseSoftmaxCrossEntropy:
            p = rng.normalTensor([4, 3]); y = Tensor([2, 0, 1, 1])
        }
        let g = loss(p, y).gradient
        var fd = [Float](repeating: 0, count: p.count)
        for i in 0..<p.count {
            // Losses are cheap: h = 1e-3 (truncation ~1e-7) and the loss value is one Float.
            fd[i] = finiteDifference({ p.scalars[i] }, { p.scalars[i] = $0 }, { Double(loss(p, y).value) }, h: 1e-3)
        }
        let m = mismatch(g.scalars, fd, atol: 1e-3, rtol: 1e-2)
        #expect(m == nil, "\(loss.name): \(m ?? "")")
    }

    @Test func lossValues() {
        // Closed forms at points where they are known exactly.
        let half = Tensor([[0, 0]])
        #expect(abs(Loss.binaryCrossEntropyFromLogits(half, Tensor([[1, 0]])).value - 0.6931472) < 1e-6)
        #expect(abs(Loss.sparseSoftmaxCrossEntropy(Tensor([[0, 0, 0, 0]]), Tensor([3])).value - 1.3862944) < 1e-6)
        #expect(Loss.meanSquaredError(Tensor([1, 2]), Tensor([0, 0])).value == 2.5)
        // Stable for huge logits: no inf/nan, the exact limit values.
        let big = Loss.binaryCrossEntropyFromLogits(Tensor([[1000, -1000]]), Tensor([[1, 1]]))
        #expect(big.value == 500)
        #expect(big.gradient.scalars == [0, -0.5])
    }
}
