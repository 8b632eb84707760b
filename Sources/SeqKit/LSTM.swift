// Long short-term memory: Hochreiter & Schmidhuber (1997), "Long Short-Term Memory", with the
// forget gate of Gers, Schmidhuber & Cummins (2000), "Learning to Forget". Equations as in
// PyTorch's `nn.LSTM` and Keras' `LSTM` (activation tanh, recurrent activation sigmoid):
//
//   z_t = x_t · W + h_{t−1} · U + b                    (batch, 4H), blocks [i | f | g | o]
//   i_t = σ(z_i)   input gate:   whether new information is worth storing
//   f_t = σ(z_f)   forget gate:  what to keep of the old cell state
//   g_t = tanh(z_g) candidate:   what the new information says
//   o_t = σ(z_o)   output gate:  what of the memory to show
//   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t
//   h_t = o_t ⊙ tanh(c_t)
//
// Gate order i, f, g, o is PyTorch's (weight_ih_l0 rows) and Keras' (kernel columns, which it
// calls i, f, c, o). Weights are stored Keras-style: W (features, 4H), U (H, 4H), one bias (4H);
// PyTorch's weight_ih is Wᵀ, weight_hh is Uᵀ, and its two biases add up to b.
//
// Backward is backpropagation through time, step by step from the last step, written next to
// the forward pass. Everything is computed time-major (time, batch, ·) so each step's rows are
// one contiguous matrix, and the weight gradients are one large product after the loop.
//
// The recurrence (each step's products with W and U, and the gates) runs in the C target, in
// Sources/CSeqKitKernels/lstm.c: see the comments in forward and backward for its arithmetic.

import CSeqKitKernels

/// Activations of the four LSTM gates for the last forward pass, each `(batch, time, units)`.
public struct LSTMGates: Sendable {
    /// Input gate iₜ = σ(xₜWᵢ + hₜ₋₁Uᵢ + bᵢ): how much of the candidate is written.
    public let input: Tensor
    /// Forget gate fₜ = σ(xₜW_f + hₜ₋₁U_f + b_f): how much of cₜ₋₁ is kept.
    public let forget: Tensor
    /// Candidate gₜ = tanh(xₜW_g + hₜ₋₁U_g + b_g): what would be written.
    public let candidate: Tensor
    /// Output gate oₜ = σ(xₜW_o + hₜ₋₁U_o + b_o): how much of tanh(cₜ) becomes hₜ.
    public let output: Tensor
}

/// LSTM layer over `(batch, time, features)`; returns `(batch, units)` (last hidden state) or,
/// with `returnSequences`, `(batch, time, units)`.
///
/// Parameters: `4 · units · (features + units + 1)` — LSTM(64) on 1 feature: 16,896, as Keras.
/// Initial states h₀ = c₀ = 0.
public final class LSTM: Layer {
    /// The size H of the hidden and cell states.
    public let units: Int
    /// Whether the output is every hidden state `(batch, time, units)` rather than the last `(batch, units)`.
    public let returnSequences: Bool
    /// Keras' `unit_forget_bias=True`: start the forget-gate bias at 1 so that, before training,
    /// the cell keeps its memory (Jozefowicz, Zaremba & Sutskever 2015).
    public let unitForgetBias: Bool
    /// The layer's type in ``Sequential/summary()``: "LSTM".
    public var typeName: String { "LSTM" }
    /// The `inputShape:` given at creation (without the batch axis), or nil.
    public let declaredInputShape: [Int]?

    /// Input kernel W `(features, 4·units)`, Glorot uniform.
    public private(set) var kernel: Parameter!
    /// Recurrent kernel U `(units, 4·units)`, orthogonal.
    public private(set) var recurrentKernel: Parameter!
    /// Bias b `(4·units)`: zeros, forget block 1 if `unitForgetBias`.
    public private(set) var bias: Parameter!

    // Caches of the last forward pass, time-major.
    private var steps = 0, batch = 0, features = 0
    private var xs: [Float] = []        // (T, B, F)
    private var gates: [Float] = []     // (T, B, 4H) after the nonlinearities
    private var cells: [Float] = []     // (T, B, H)
    private var tanhCells: [Float] = [] // (T, B, H)
    private var hiddens: [Float] = []   // (T, B, H)
    private var hiddenGradients: [Float] = [] // (T, B, H), ∂loss/∂h_t from the last backward
    private var hasHiddenGradients = false    // since the last forward (the storage is kept)
    private var dzStorage: [Float] = []       // (T, B, 4H), backward's ∂z, kept for the next one
    private let packedDz = PackedRows()        // the same ∂z, packed for ∂W and ∂U
    private var dxStorage: [Float] = []       // (T, B, F), backward's time-major ∂x, likewise

    /// An LSTM with `units` hidden units; its weights are made by ``build(inputShape:using:)``.
    ///
    /// - Parameters:
    ///   - units: H, the size of the hidden and cell states (positive).
    ///   - returnSequences: return every hidden state instead of the last one.
    ///   - unitForgetBias: start the forget-gate bias at 1, as Keras does.
    ///   - inputShape: `(time, features)`, needed when this is a model's first layer.
    public init(_ units: Int, returnSequences: Bool = false, unitForgetBias: Bool = true, inputShape: [Int]? = nil) {
        check(units > 0, "LSTM: units must be positive, got \(units)")
        self.units = units
        self.returnSequences = returnSequences
        self.unitForgetBias = unitForgetBias
        self.declaredInputShape = inputShape
    }

    /// Creates W `(features, 4H)` (Glorot uniform), U `(H, 4H)` (orthogonal) and b `(4H)` from `rng`,
    /// for an input shape `(time, features)`; returns `(time, H)` or `(H)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "LSTM: input shape must be (time, features), got \(inputShape)")
        let f = inputShape[1], h = units
        kernel = Parameter("kernel", Initializer.glorotUniform.make([f, 4 * h], using: &rng))
        recurrentKernel = Parameter("recurrent_kernel", Initializer.orthogonal.make([h, 4 * h], using: &rng))
        var b = Tensor(zeros: [4 * h])
        if unitForgetBias { for j in h..<(2 * h) { b.scalars[j] = 1 } }
        bias = Parameter("bias", b)
        return returnSequences ? [inputShape[0], h] : [h]
    }

    /// `[kernel, recurrentKernel, bias]`, or `[]` before ``build(inputShape:using:)``.
    public var parameters: [Parameter] { kernel == nil ? [] : [kernel, recurrentKernel, bias] }

    /// Runs the cell over `x` `(batch, time, features)` from h₀ = c₀ = 0 and keeps what ``backward(_:)``
    /// and the `last…` properties need.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(kernel != nil, "LSTM")
        let h = units, g4 = 4 * units
        check(x.rank == 3 && x.shape[2] == kernel.value.shape[0],
                      "LSTM: input must be (batch, time, \(kernel.value.shape[0])), got \(x.shape)")
        batch = x.shape[0]; steps = x.shape[1]; features = x.shape[2]
        let (nb, nt, nf) = (batch, steps, features)
        swapLeadingAxes(x.scalars, nb, nt, nf, into: &xs)           // (B, T, F) -> (T, B, F)
        // Every element of these is written below before it is read.
        reuseForOverwrite(&gates, count: nt * nb * g4)
        reuseForOverwrite(&cells, count: nt * nb * h)
        reuseForOverwrite(&tanhCells, count: nt * nb * h)
        reuseForOverwrite(&hiddens, count: nt * nb * h)
        hasHiddenGradients = false

        xs.withUnsafeBufferPointer { px in
        gates.withUnsafeMutableBufferPointer { pz in
        cells.withUnsafeMutableBufferPointer { pc in
        tanhCells.withUnsafeMutableBufferPointer { ptc in
        hiddens.withUnsafeMutableBufferPointer { ph in
        kernel.value.scalars.withUnsafeBufferPointer { pw in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
        bias.value.scalars.withUnsafeBufferPointer { pb in
            let z = pz.baseAddress!, c = pc.baseAddress!, tc = ptc.baseAddress!, hs = ph.baseAddress!
            // W and U are packed once for all steps (per step, packing U would cost as much as
            // the product at B = 1). The recurrence runs in the C target
            // (Sources/CSeqKitKernels/lstm.c), which vectorises the gates for the CPU found and
            // gives each of two threads half of the batch rows; per step and row it computes
            //   z_t = (x_t · W + b) + h_{t−1} · U          (x_t · W, the bias, then the recurrent term)
            //   i, f, o = σ(z_i, z_f, z_o), g = tanh(z_g)  (in place in z_t)
            //   c_t = f ⊙ c_{t−1} + i ⊙ g                   (i ⊙ g at t = 0)
            //   h_t = o ⊙ tanh(c_t)
            let packedW = PackedMatrix(pw.baseAddress!, ldb: g4, k: nf, n: g4)
            let packedU = PackedMatrix(pu.baseAddress!, ldb: g4, k: h, n: g4)
            withExtendedLifetime((packedW, packedU)) {
                sk_lstm_forward(nt, nb, h, nf, px.baseAddress!, packedW.packed, z, pb.baseAddress!, packedU.packed,
                                c, tc, hs)
            }
        }}}}}}}}
        return output()
    }

    private func output() -> Tensor {
        let h = units
        if returnSequences {
            return Tensor(shape: [batch, steps, h], scalars: swapLeadingAxes(hiddens, steps, batch, h))
        }
        return Tensor(shape: [batch, h], scalars: Array(hiddens[((steps - 1) * batch * h)...]))
    }

    /// Backpropagation through time for the last ``forward(_:)``: sets the gradients of W, U and b and
    /// returns ∂loss/∂x `(batch, time, features)`; `dOutput` has the output's shape.
    public func backward(_ dOutput: Tensor) -> Tensor {
        backpropagate(dOutput, inputGradient: true)!
    }

    /// ``backward(_:)`` without ∂loss/∂x (the ∂Z · Wᵀ product and its reordering): a model's first
    /// layer. The parameter gradients are the same bits.
    public func backwardParameters(_ dOutput: Tensor) {
        _ = backpropagate(dOutput, inputGradient: false)
    }

    private func backpropagate(_ dOutput: Tensor, inputGradient: Bool) -> Tensor? {
        let h = units, g4 = 4 * units
        let (nb, nt, nf) = (batch, steps, features)
        check(dOutput.shape == (returnSequences ? [nb, nt, h] : [nb, h]),
                      "LSTM.backward: gradient \(dOutput.shape) vs output \(returnSequences ? [nb, nt, h] : [nb, h])")
        // ∂loss/∂h_t arriving from above, time-major. Without `returnSequences` only the last
        // step receives one: that step reads `dOutput` directly and the others add a literal
        // zero (0 + x is not always x: it turns −0 into +0), so no zero-filled (T, B, H) array.
        let dhAbove = returnSequences ? swapLeadingAxes(dOutput.scalars, nb, nt, h) : dOutput.scalars
        // ∂z of every step for ∂X = ∂Z · Wᵀ, else one step's at a time (∂W and ∂U read it packed).
        var dz = takenForOverwrite(&dzStorage, count: (inputGradient ? nt : 1) * nb * g4)
        defer { dzStorage = keptForReuse(dz) }
        var dhTotal = takenForOverwrite(&hiddenGradients, count: nt * nb * h)  // likewise
        var dW = [Float](repeating: 0, count: nf * g4)
        var dU = [Float](repeating: 0, count: h * g4)
        var db = [Float](repeating: 0, count: g4)
        var dxTime = inputGradient ? takenForOverwrite(&dxStorage, count: nt * nb * nf) : []  // by the last product
        defer { if inputGradient { dxStorage = keptForReuse(dxTime) } }

        xs.withUnsafeBufferPointer { px in
        gates.withUnsafeBufferPointer { pg in
        cells.withUnsafeBufferPointer { pc in
        tanhCells.withUnsafeBufferPointer { ptc in
        hiddens.withUnsafeBufferPointer { ph in
        dhAbove.withUnsafeBufferPointer { pa in
        dz.withUnsafeMutableBufferPointer { pdz in
        dhTotal.withUnsafeMutableBufferPointer { pdh in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
            let dzp = pdz.baseAddress!
            // Backpropagation through time from the last step, in the C target like the forward
            // pass (Sources/CSeqKitKernels/lstm.c). Per step and row, with ∂h = ∂h_above + ∂h_next
            // (0 + ∂h_next where nothing arrives from above) and ∂c_next from step t + 1:
            //   ∂c = ∂c_next + ∂h · o · (1 − tanh²c)       (through h = o · tanh(c))
            //   ∂z_i = ∂c · g · i · (1 − i)     ∂z_f = ∂c · c_{t−1} · f · (1 − f)
            //   ∂z_g = ∂c · i · (1 − g²)        ∂z_o = ∂h · tanh(c) · o · (1 − o)
            //   ∂c_{t−1} = ∂c · f,   ∂h_{t−1} = ∂z_t · Uᵀ
            // each product evaluated left to right, c_{−1} = 0. Uᵀ (4H, H) is packed once.
            // ∂Z is also packed step by step as the recurrence writes it (for the products below,
            // which would otherwise pack it in one pass, reading all of it back from memory:
            // F8 H128 T50 B64, 5.5 % of a training step).
            let packedUT = PackedMatrix(pu.baseAddress!, ldb: g4, k: g4, n: h, transposed: true)
            let dzPacked = packedDz.reserve(k: nt * nb, n: g4)
            withExtendedLifetime(packedUT) {
                sk_lstm_backward(nt, nb, h, pg.baseAddress!, pc.baseAddress!, ptc.baseAddress!,
                                 pa.baseAddress!, returnSequences ? 1 : 0, packedUT.packed,
                                 dzp, inputGradient ? nt : 1, pdh.baseAddress!, dzPacked)
            }
            // ∂W = Xᵀ · ∂Z: (F, T·B) x (T·B, 4H) -> (F, 4H), and
            // ∂U = Σ_t h_{t−1}ᵀ · ∂z_t: (H, (T−1)·B) x ((T−1)·B, 4H) -> (H, 4H), the rows of ∂Z
            // from t = 1 on: one product call on the packed ∂Z, which is also summed into
            // ∂b_j = Σ_r ∂z[r, j] (r in order).
            dW.withUnsafeMutableBufferPointer { pw in
                dU.withUnsafeMutableBufferPointer { pu in
                    db.withUnsafeMutableBufferPointer { pb in
                        gemmTransposedASharedPackedB(
                            b: dzPacked,
                            m1: nf, k01: 0, k1: nt * nb, a1: px.baseAddress!, lda1: nf, c1: pw.baseAddress!,
                            // nt == 1: k = 0, ∂U = 0 (dU is zero-filled already and is overwritten with zeros).
                            m2: h, k02: nb, k2: (nt - 1) * nb, a2: ph.baseAddress!, lda2: h, c2: pu.baseAddress!,
                            ldc: g4, columnSums: pb.baseAddress!, sumRows: nt * nb)
                    }
                }
            }
            // ∂X = ∂Z · Wᵀ: (T·B, 4H) x (4H, F) -> (T·B, F)
            if inputGradient { kernel.value.scalars.withUnsafeBufferPointer { pw in
                dxTime.withUnsafeMutableBufferPointer { pdx in
                    gemmNT(m: nt * nb, n: nf, k: g4, a: dzp, lda: g4, b: pw.baseAddress!, ldb: g4,
                           c: pdx.baseAddress!, ldc: nf, accumulate: false)
                }
            }}
        }}}}}}}}}
        kernel.gradient = Tensor(shape: [nf, g4], scalars: dW)
        recurrentKernel.gradient = Tensor(shape: [h, g4], scalars: dU)
        bias.gradient = Tensor(shape: [g4], scalars: db)
        hiddenGradients = dhTotal
        hasHiddenGradients = true
        guard inputGradient else { return nil }
        return Tensor(shape: [nb, nt, nf], scalars: swapLeadingAxes(dxTime, nt, nb, nf))
    }

    // MARK: Internals for the chapters' plots

    private func batchMajor(_ timeMajor: [Float], width: Int, offset: Int = 0, stride: Int? = nil) -> Tensor {
        let s = stride ?? width
        var compact = [Float](repeating: 0, count: steps * batch * width)
        for r in 0..<(steps * batch) { for j in 0..<width { compact[r * width + j] = timeMajor[r * s + offset + j] } }
        return Tensor(shape: [batch, steps, width], scalars: swapLeadingAxes(compact, steps, batch, width))
    }

    /// Hidden states h_t of the last forward pass, `(batch, time, units)`.
    public var lastHiddenStates: Tensor { batchMajor(hiddens, width: units) }
    /// Cell states c_t of the last forward pass, `(batch, time, units)`.
    public var lastCellStates: Tensor { batchMajor(cells, width: units) }
    /// Gate activations i, f, g, o of the last forward pass, each `(batch, time, units)`.
    public var lastGates: LSTMGates {
        let h = units
        return LSTMGates(input: batchMajor(gates, width: h, offset: 0, stride: 4 * h),
                         forget: batchMajor(gates, width: h, offset: h, stride: 4 * h),
                         candidate: batchMajor(gates, width: h, offset: 2 * h, stride: 4 * h),
                         output: batchMajor(gates, width: h, offset: 3 * h, stride: 4 * h))
    }
    /// ∂loss/∂h_t for every step from the last backward pass, `(batch, time, units)`; its norm
    /// over time shows how far back the gradient reaches.
    public var lastHiddenStateGradients: Tensor {
        check(hasHiddenGradients, "LSTM: no backward pass since the last forward")
        return batchMajor(hiddenGradients, width: units)
    }
}
