// The plain (Elman 1990, "Finding Structure in Time") recurrent layer, as PyTorch's `nn.RNN`
// with tanh and Keras' `SimpleRNN`:
//
//   h_t = tanh(x_t · W + h_{t−1} · U + b)
//
// Backward through time: ∂z_t = (∂h_t) ⊙ (1 − h_t²) and ∂h_{t−1} += ∂z_t · Uᵀ. The repeated
// product with Uᵀ and the tanh derivative ≤ 1 is what makes old gradients vanish (or explode):
// `lastHiddenStateGradients` lets a chapter plot exactly that. Layout and caches as in LSTM.swift.

/// Fully connected recurrent layer over `(batch, time, features)`; returns `(batch, units)` or,
/// with `returnSequences`, `(batch, time, units)`. Parameters: `units · (features + units + 1)`.
public final class SimpleRNN: Layer {
    /// The size H of the hidden state.
    public let units: Int
    /// Whether the output is every hidden state `(batch, time, units)` rather than the last `(batch, units)`.
    public let returnSequences: Bool
    /// The layer's type in ``Sequential/summary()``: "SimpleRNN".
    public var typeName: String { "SimpleRNN" }
    /// The `inputShape:` given at creation (without the batch axis), or nil.
    public let declaredInputShape: [Int]?
    /// W `(features, units)`, Glorot uniform.
    public private(set) var kernel: Parameter!
    /// U `(units, units)`, orthogonal.
    public private(set) var recurrentKernel: Parameter!
    /// b `(units)`, zeros.
    public private(set) var bias: Parameter!

    private var steps = 0, batch = 0, features = 0
    private var xs: [Float] = []        // (T, B, F)
    private var hiddens: [Float] = []   // (T, B, H)
    private var hiddenGradients: [Float] = []
    private var hasHiddenGradients = false    // since the last forward (the storage is kept)
    // Backward's scratch buffers, kept for the next pass (see reuseForOverwrite).
    private var dzStorage: [Float] = [], dxStorage: [Float] = []

    /// A tanh RNN with `units` hidden units; its weights are made by ``build(inputShape:using:)``.
    ///
    /// - Parameters:
    ///   - units: H, the size of the hidden state (positive).
    ///   - returnSequences: return every hidden state instead of the last one.
    ///   - inputShape: `(time, features)`, needed when this is a model's first layer.
    public init(_ units: Int, returnSequences: Bool = false, inputShape: [Int]? = nil) {
        check(units > 0, "SimpleRNN: units must be positive, got \(units)")
        self.units = units
        self.returnSequences = returnSequences
        self.declaredInputShape = inputShape
    }

    /// Creates W `(features, H)` (Glorot uniform), U `(H, H)` (orthogonal) and b `(H)` (zeros) from `rng`,
    /// for an input shape `(time, features)`; returns `(time, H)` or `(H)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "SimpleRNN: input shape must be (time, features), got \(inputShape)")
        kernel = Parameter("kernel", Initializer.glorotUniform.make([inputShape[1], units], using: &rng))
        recurrentKernel = Parameter("recurrent_kernel", Initializer.orthogonal.make([units, units], using: &rng))
        bias = Parameter("bias", Tensor(zeros: [units]))
        return returnSequences ? [inputShape[0], units] : [units]
    }

    /// `[kernel, recurrentKernel, bias]`, or `[]` before ``build(inputShape:using:)``.
    public var parameters: [Parameter] { kernel == nil ? [] : [kernel, recurrentKernel, bias] }

    /// Runs hₜ = tanh(xₜW + hₜ₋₁U + b) over `x` `(batch, time, features)` from h₀ = 0 and keeps
    /// what ``backward(_:)`` and ``lastHiddenStates`` need.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(kernel != nil, "SimpleRNN")
        let h = units
        check(x.rank == 3 && x.shape[2] == kernel.value.shape[0],
                      "SimpleRNN: input must be (batch, time, \(kernel.value.shape[0])), got \(x.shape)")
        batch = x.shape[0]; steps = x.shape[1]; features = x.shape[2]
        let (nb, nt, nf) = (batch, steps, features)
        swapLeadingAxes(x.scalars, nb, nt, nf, into: &xs)           // (B, T, F) -> (T, B, F)
        reuseForOverwrite(&hiddens, count: nt * nb * h)             // written by the first product
        hasHiddenGradients = false
        xs.withUnsafeBufferPointer { px in
        hiddens.withUnsafeMutableBufferPointer { ph in
        kernel.value.scalars.withUnsafeBufferPointer { pw in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
        bias.value.scalars.withUnsafeBufferPointer { pb in
            let hs = ph.baseAddress!
            // x_t · W for all steps: (T·B, F) x (F, H) -> (T·B, H); b is added step by step
            // below, while the step's rows are in cache.
            gemm(m: nt * nb, n: h, k: nf, a: px.baseAddress!, ars: nf, acs: 1,
                 b: pw.baseAddress!, ldb: h, c: hs, ldc: h, accumulate: false)
            let bp = pb.baseAddress!
            let packedU = PackedMatrix(pu.baseAddress!, ldb: h, k: h, n: h)   // once for all steps
            for t in 0..<nt {
                let zt = hs + t * nb * h
                // z_t = (x_t · W + b) + h_{t−1} · U: the bias first, then the recurrent term.
                for r in 0..<nb {
                    let row = zt + r * h
                    for j in 0..<h { row[j] += bp[j] }
                }
                if t > 0 {
                    // (B, H) x (H, H) -> (B, H), added in place.
                    packedU.multiply(m: nb, a: zt - nb * h, ars: h, acs: 1, c: zt, ldc: h, accumulate: true)
                }
                tanhInPlace(zt, nb * h)
            }
        }}}}}
        if returnSequences {
            return Tensor(shape: [nb, nt, h], scalars: swapLeadingAxes(hiddens, nt, nb, h))
        }
        return Tensor(shape: [nb, h], scalars: Array(hiddens[((nt - 1) * nb * h)...]))
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
        let h = units
        let (nb, nt, nf) = (batch, steps, features)
        check(dOutput.shape == (returnSequences ? [nb, nt, h] : [nb, h]),
                      "SimpleRNN.backward: gradient \(dOutput.shape) vs output \(returnSequences ? [nb, nt, h] : [nb, h])")
        var dh = takenForOverwrite(&hiddenGradients, count: nt * nb * h)  // ∂loss/∂h_t, time-major
        if returnSequences {
            swapLeadingAxes(dOutput.scalars, nb, nt, h, into: &dh)
        } else {
            dh.withUnsafeMutableBufferPointer { d in
                d.update(repeating: 0)                                // (+0: what arrives from above)
                for i in 0..<(nb * h) { d[(nt - 1) * nb * h + i] = dOutput.scalars[i] }
            }
        }
        var dz = takenForOverwrite(&dzStorage, count: nt * nb * h)       // fully written step by step
        defer { dzStorage = keptForReuse(dz) }
        var dW = [Float](repeating: 0, count: nf * h)
        var dU = [Float](repeating: 0, count: h * h)
        var db = [Float](repeating: 0, count: h)
        var dxTime = inputGradient ? takenForOverwrite(&dxStorage, count: nt * nb * nf) : []  // by the last product
        defer { if inputGradient { dxStorage = keptForReuse(dxTime) } }
        xs.withUnsafeBufferPointer { px in
        hiddens.withUnsafeBufferPointer { ph in
        dh.withUnsafeMutableBufferPointer { pdh in
        dz.withUnsafeMutableBufferPointer { pdz in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
            let hs = ph.baseAddress!, d = pdh.baseAddress!, z = pdz.baseAddress!
            let packedUT = PackedMatrix(pu.baseAddress!, ldb: h, k: h, n: h, transposed: true)  // Uᵀ, once
            for t in stride(from: nt - 1, through: 0, by: -1) {
                let base = t * nb * h
                for j in 0..<(nb * h) {
                    let hv = hs[base + j]
                    z[base + j] = d[base + j] * (1 - hv * hv)
                }
                if t > 0 {
                    // ∂h_{t−1} += ∂z_t · Uᵀ: (B, H) x (H, H) -> (B, H)
                    packedUT.multiply(m: nb, a: z + base, ars: h, acs: 1,
                                      c: d + base - nb * h, ldc: h, accumulate: true)
                }
            }
            // ∂W = Xᵀ · ∂Z: (F, T·B) x (T·B, H), and ∂U = Σ_t h_{t−1}ᵀ · ∂z_t: (H, (T−1)·B) x
            // ((T−1)·B, H), the rows of ∂Z from t = 1 on: one call, so ∂Z is packed once for both
            // (nt == 1: k = 0, and ∂U is overwritten with zeros); ∂b_j = Σ_r ∂z[r, j] (r in
            // order) is summed as ∂Z is read for the packing.
            dW.withUnsafeMutableBufferPointer { pw in
                dU.withUnsafeMutableBufferPointer { pu in
                    db.withUnsafeMutableBufferPointer { pb in
                        gemmTransposedASharedB(
                            n: h, b: z, ldb: h,
                            m1: nf, k01: 0, k1: nt * nb, a1: px.baseAddress!, lda1: nf, c1: pw.baseAddress!,
                            m2: h, k02: nb, k2: (nt - 1) * nb, a2: hs, lda2: h, c2: pu.baseAddress!,
                            columnSums: pb.baseAddress!, sumRows: nt * nb)
                    }
                }
            }
            if inputGradient { kernel.value.scalars.withUnsafeBufferPointer { pw in  // (T·B, H) x (H, F)
                dxTime.withUnsafeMutableBufferPointer { pdx in
                    gemmNT(m: nt * nb, n: nf, k: h, a: z, lda: h, b: pw.baseAddress!, ldb: h,
                           c: pdx.baseAddress!, ldc: nf, accumulate: false)
                }
            }}
        }}}}}
        kernel.gradient = Tensor(shape: [nf, h], scalars: dW)
        recurrentKernel.gradient = Tensor(shape: [h, h], scalars: dU)
        bias.gradient = Tensor(shape: [h], scalars: db)
        hiddenGradients = dh
        hasHiddenGradients = true
        guard inputGradient else { return nil }
        return Tensor(shape: [nb, nt, nf], scalars: swapLeadingAxes(dxTime, nt, nb, nf))
    }

    /// Hidden states h_t of the last forward pass, `(batch, time, units)`.
    public var lastHiddenStates: Tensor {
        Tensor(shape: [batch, steps, units], scalars: swapLeadingAxes(hiddens, steps, batch, units))
    }

    /// ∂loss/∂h_t for every step from the last backward pass, `(batch, time, units)`.
    public var lastHiddenStateGradients: Tensor {
        check(hasHiddenGradients, "SimpleRNN: no backward pass since the last forward")
        return Tensor(shape: [batch, steps, units], scalars: swapLeadingAxes(hiddenGradients, steps, batch, units))
    }
}
