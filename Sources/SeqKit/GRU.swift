// Gated recurrent unit: Cho, van Merriënboer, Gulcehre, Bahdanau, Bougares, Schwenk & Bengio
// (2014), "Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine
// Translation". The variant here is the one PyTorch's `nn.GRU` computes and Keras' `GRU` computes
// by default (`reset_after=True`, the cuDNN form): the reset gate scales the *recurrent
// projection* of h_{t−1}, bias included, after the product, not h_{t−1} before it.
//
//   a_t = x_t · W + b_in                                (batch, 3H), blocks [z | r | n]
//   q_t = h_{t−1} · U + b_rec                           (batch, 3H), blocks [z | r | n]
//   z_t = σ(a_z + q_z)           update gate: how much of h_{t−1} to keep
//   r_t = σ(a_r + q_r)           reset gate:  how much of the past the candidate may read
//   n_t = tanh(a_n + r_t ⊙ q_n)  candidate:   what the new state would say
//   h_t = z_t ⊙ h_{t−1} + (1 − z_t) ⊙ n_t
//
// Gate order z, r, n is Keras' (kernel columns, which it calls z, r, h); PyTorch orders its
// weight_ih_l0 rows r, z, n. Weights are stored Keras-style: W (features, 3H), U (H, 3H) and a
// bias (2, 3H) whose row 0 is b_in and row 1 is b_rec (PyTorch's bias_ih and bias_hh, reordered).
// The two biases cannot be merged: b_rec's n block is multiplied by r_t. Parameters:
// 3·(F·H + H·H + 2H) — Keras' count for GRU(H) on F features with reset_after=True.
//
// Backward is backpropagation through time, written next to the forward pass, time-major as in
// LSTM.swift. With δh_t the total gradient arriving at h_t:
//
//   δn  = δh ⊙ (1 − z) ⊙ (1 − n²)          ∂ of the candidate's pre-activation
//   δz  = δh ⊙ (h_{t−1} − n) ⊙ z(1 − z)
//   δr  = δn ⊙ q_n ⊙ r(1 − r)
//   input side     δa = [δz | δr | δn]       → ∂W += x_tᵀ δa, ∂b_in += δa, ∂x_t = δa Wᵀ
//   recurrent side δq = [δz | δr | δn ⊙ r]   → ∂U += h_{t−1}ᵀ δq, ∂b_rec += δq
//   δh_{t−1} = δq Uᵀ + δh ⊙ z               (the second term is the GRU's "carousel")

/// Activations of the GRU's gates for the last forward pass, each `(batch, time, units)`.
public struct GRUGates: Sendable {
    /// Update gate zₜ = σ(xₜW_z + b_in,z + hₜ₋₁U_z + b_rec,z): how much of hₜ₋₁ is kept.
    public let update: Tensor
    /// Reset gate rₜ = σ(xₜW_r + b_in,r + hₜ₋₁U_r + b_rec,r): how much of the past the candidate reads.
    public let reset: Tensor
    /// Candidate nₜ = tanh(xₜW_n + b_in,n + rₜ ⊙ (hₜ₋₁U_n + b_rec,n)): what would replace hₜ₋₁.
    public let candidate: Tensor
}

/// GRU layer over `(batch, time, features)`; returns `(batch, units)` (last hidden state) or,
/// with `returnSequences`, `(batch, time, units)`.
///
/// hₜ = zₜ ⊙ hₜ₋₁ + (1 − zₜ) ⊙ nₜ, with the reset gate applied after the recurrent product
/// (PyTorch's `nn.GRU`, Keras' `GRU(reset_after=True)`). Parameters: `3 · units · (features +
/// units + 2)` — GRU(64) on 1 feature: 12,864, as Keras. Initial state h₀ = 0.
public final class GRU: Layer {
    /// The size H of the hidden state.
    public let units: Int
    /// Whether the output is every hidden state `(batch, time, units)` rather than the last `(batch, units)`.
    public let returnSequences: Bool
    /// The layer's type in ``Sequential/summary()``: "GRU".
    public var typeName: String { "GRU" }
    /// The `inputShape:` given at creation (without the batch axis), or nil.
    public let declaredInputShape: [Int]?

    /// Input kernel W `(features, 3·units)`, blocks z, r, n; Glorot uniform.
    public private(set) var kernel: Parameter!
    /// Recurrent kernel U `(units, 3·units)`, blocks z, r, n; orthogonal.
    public private(set) var recurrentKernel: Parameter!
    /// Biases `(2, 3·units)`: row 0 the input bias b_in, row 1 the recurrent bias b_rec; zeros.
    public private(set) var bias: Parameter!

    // Caches of the last forward pass, time-major.
    private var steps = 0, batch = 0, features = 0
    private var xs: [Float] = []        // (T, B, F)
    private var gates: [Float] = []     // (T, B, 3H): z, r, n after the nonlinearities
    private var recurrentN: [Float] = [] // (T, B, H): q_n = h_{t−1} U_n + b_rec,n
    private var hiddens: [Float] = []   // (T, B, H)
    private var hiddenGradients: [Float] = [] // (T, B, H), ∂loss/∂h_t from the last backward
    private var hasHiddenGradients = false    // since the last forward (the storage is kept)
    // Backward's scratch buffers, kept for the next pass (see reuseForOverwrite).
    private var daStorage: [Float] = [], dqStorage: [Float] = [], dxStorage: [Float] = []

    /// A GRU with `units` hidden units; its weights are made by ``build(inputShape:using:)``.
    ///
    /// - Parameters:
    ///   - units: H, the size of the hidden state (positive).
    ///   - returnSequences: return every hidden state instead of the last one.
    ///   - inputShape: `(time, features)`, needed when this is a model's first layer.
    public init(_ units: Int, returnSequences: Bool = false, inputShape: [Int]? = nil) {
        check(units > 0, "GRU: units must be positive, got \(units)")
        self.units = units
        self.returnSequences = returnSequences
        self.declaredInputShape = inputShape
    }

    /// Creates W `(features, 3H)` (Glorot uniform), U `(H, 3H)` (orthogonal) and the biases
    /// `(2, 3H)` (zeros) from `rng`, as Keras does, for an input shape `(time, features)`;
    /// returns `(time, H)` or `(H)`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "GRU: input shape must be (time, features), got \(inputShape)")
        let f = inputShape[1], h = units
        kernel = Parameter("kernel", Initializer.glorotUniform.make([f, 3 * h], using: &rng))
        recurrentKernel = Parameter("recurrent_kernel", Initializer.orthogonal.make([h, 3 * h], using: &rng))
        bias = Parameter("bias", Tensor(zeros: [2, 3 * h]))
        return returnSequences ? [inputShape[0], h] : [h]
    }

    /// `[kernel, recurrentKernel, bias]`, or `[]` before ``build(inputShape:using:)``.
    public var parameters: [Parameter] { kernel == nil ? [] : [kernel, recurrentKernel, bias] }

    /// Runs the cell over `x` `(batch, time, features)` from h₀ = 0 and keeps what ``backward(_:)``
    /// and the `last…` properties need.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(kernel != nil, "GRU")
        let h = units, g3 = 3 * units
        check(x.rank == 3 && x.shape[2] == kernel.value.shape[0],
              "GRU: input must be (batch, time, \(kernel.value.shape[0])), got \(x.shape)")
        check(bias.value.shape == [2, g3], "GRU: bias must be (2, \(g3)), got \(bias.value.shape)")
        batch = x.shape[0]; steps = x.shape[1]; features = x.shape[2]
        let (nb, nt, nf) = (batch, steps, features)
        swapLeadingAxes(x.scalars, nb, nt, nf, into: &xs)           // (B, T, F) -> (T, B, F)
        // Every element of these is written below before it is read.
        reuseForOverwrite(&gates, count: nt * nb * g3)
        reuseForOverwrite(&recurrentN, count: nt * nb * h)
        reuseForOverwrite(&hiddens, count: nt * nb * h)
        hasHiddenGradients = false
        var q = uninitializedFloats(nb * g3)                          // q_t of one step (B, 3H)

        xs.withUnsafeBufferPointer { px in
        gates.withUnsafeMutableBufferPointer { pg in
        recurrentN.withUnsafeMutableBufferPointer { pqn in
        hiddens.withUnsafeMutableBufferPointer { ph in
        q.withUnsafeMutableBufferPointer { pq in
        kernel.value.scalars.withUnsafeBufferPointer { pw in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
        bias.value.scalars.withUnsafeBufferPointer { pb in
            let a = pg.baseAddress!, hs = ph.baseAddress!, qs = pq.baseAddress!
            let bIn = pb.baseAddress!, bRec = pb.baseAddress! + g3
            // Input projection of all steps at once: (T·B, F) x (F, 3H) -> (T·B, 3H).
            gemm(m: nt * nb, n: g3, k: nf, a: px.baseAddress!, ars: nf, acs: 1,
                 b: pw.baseAddress!, ldb: g3, c: a, ldc: g3, accumulate: false)
            let packedU = PackedMatrix(pu.baseAddress!, ldb: g3, k: h, n: g3)
            // Each row of the batch is its own sequence: with two threads, each runs every step
            // for half of the rows (as the LSTM recurrence does), with one-thread products.
            inHalves(nb, multiplyAdds: Double(nt * nb * g3 * h)) { rows, _ in
            let r0 = rows.lowerBound
            for t in 0..<nt {
                let at = a + t * nb * g3
                // q_t = h_{t−1} · U + b_rec: (B, H) x (H, 3H) -> (B, 3H); h_{−1} = 0 gives q = b_rec.
                if t > 0 {
                    packedU.multiply(m: rows.count, a: hs + ((t - 1) * nb + r0) * h, ars: h, acs: 1,
                                     c: qs + r0 * g3, ldc: g3, accumulate: false)
                    for bi in rows {
                        let row = qs + bi * g3
                        for j in 0..<g3 { row[j] += bRec[j] }
                    }
                } else {
                    for bi in rows { (qs + bi * g3).update(from: bRec, count: g3) }
                }
                for bi in rows {
                    let row = at + bi * g3, qr = qs + bi * g3
                    // a_t = x_t · W + b_in, then z and r: σ(a + q) over the first 2H columns.
                    for j in 0..<g3 { row[j] += bIn[j] }
                    for j in 0..<(2 * h) { row[j] += qr[j] }
                    sigmoidInPlace(row, 2 * h)
                    let zg = row, rg = row + h, ng = row + 2 * h, qn = qr + 2 * h
                    let cached = pqn.baseAddress! + (t * nb + bi) * h
                    cached.update(from: qn, count: h)
                    for j in 0..<h { ng[j] += rg[j] * qn[j] }           // a_n + r ⊙ q_n
                    tanhInPlace(ng, h)
                    let ht = hs + (t * nb + bi) * h
                    if t > 0 {
                        let hp = hs + ((t - 1) * nb + bi) * h
                        for j in 0..<h { ht[j] = zg[j] * hp[j] + (1 - zg[j]) * ng[j] }
                    } else {
                        for j in 0..<h { ht[j] = (1 - zg[j]) * ng[j] }
                    }
                }
            }
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

    /// Backpropagation through time for the last ``forward(_:)``: sets the gradients of W, U and
    /// both biases and returns ∂loss/∂x `(batch, time, features)`; `dOutput` has the output's shape.
    public func backward(_ dOutput: Tensor) -> Tensor {
        backpropagate(dOutput, inputGradient: true)!
    }

    /// ``backward(_:)`` without ∂loss/∂x (the δA · Wᵀ product and its reordering): a model's first
    /// layer. The parameter gradients are the same bits.
    public func backwardParameters(_ dOutput: Tensor) {
        _ = backpropagate(dOutput, inputGradient: false)
    }

    private func backpropagate(_ dOutput: Tensor, inputGradient: Bool) -> Tensor? {
        let h = units, g3 = 3 * units
        let (nb, nt, nf) = (batch, steps, features)
        check(dOutput.shape == (returnSequences ? [nb, nt, h] : [nb, h]),
              "GRU.backward: gradient \(dOutput.shape) vs output \(returnSequences ? [nb, nt, h] : [nb, h])")
        // ∂loss/∂h_t from above, time-major; without `returnSequences` only the last step gets one.
        let dhAbove = returnSequences ? swapLeadingAxes(dOutput.scalars, nb, nt, h) : dOutput.scalars
        var da = takenForOverwrite(&daStorage, count: nt * nb * g3)          // input side, fully written step by step
        var dq = takenForOverwrite(&dqStorage, count: nt * nb * g3)          // recurrent side, likewise
        var dhTotal = takenForOverwrite(&hiddenGradients, count: nt * nb * h)  // likewise
        defer { daStorage = keptForReuse(da); dqStorage = keptForReuse(dq) }
        var dhNext = [Float](repeating: 0, count: nb * h)   // δq_{t+1} Uᵀ
        var dW = [Float](repeating: 0, count: nf * g3)
        var dU = [Float](repeating: 0, count: h * g3)
        var dxTime = inputGradient ? takenForOverwrite(&dxStorage, count: nt * nb * nf) : []  // by the last product
        defer { if inputGradient { dxStorage = keptForReuse(dxTime) } }
        let zeroRow = [Float](repeating: 0, count: h)

        xs.withUnsafeBufferPointer { px in
        gates.withUnsafeBufferPointer { pg in
        recurrentN.withUnsafeBufferPointer { pqn in
        hiddens.withUnsafeBufferPointer { ph in
        dhAbove.withUnsafeBufferPointer { pabove in
        da.withUnsafeMutableBufferPointer { pda in
        dq.withUnsafeMutableBufferPointer { pdq in
        dhTotal.withUnsafeMutableBufferPointer { pdh in
        dhNext.withUnsafeMutableBufferPointer { pdhn in
        recurrentKernel.value.scalars.withUnsafeBufferPointer { pu in
        zeroRow.withUnsafeBufferPointer { pzero in
            let daBase = pda.baseAddress!, dqBase = pdq.baseAddress!
            // Uᵀ (3H, H), packed once for all steps.
            let packedUT = PackedMatrix(pu.baseAddress!, ldb: g3, k: g3, n: h, transposed: true)
            // As in the forward pass: with two threads, each runs every step for half of the rows.
            inHalves(nb, multiplyAdds: Double(nt * nb * g3 * h)) { rows, _ in
            let r0 = rows.lowerBound
            for t in stride(from: nt - 1, through: 0, by: -1) {
                let aboveStep = returnSequences || t == nt - 1
                for bi in rows {
                    let r = t * nb + bi
                    let z = pg.baseAddress! + r * g3, rg = z + h, n = z + 2 * h
                    let qn = pqn.baseAddress! + r * h
                    // h_{t−1}; for t = 0 a row of zeros, so the loop below has no branch.
                    let hp: UnsafePointer<Float> = t > 0 ? ph.baseAddress! + (r - nb) * h : pzero.baseAddress!
                    let dh = pdh.baseAddress! + r * h, dhn = pdhn.baseAddress! + bi * h
                    let above = pabove.baseAddress! + (returnSequences ? r : bi) * h
                    let dar = daBase + r * g3, dqr = dqBase + r * g3
                    // 8 units at a time (the last chunk zero-padded), as in LSTM.swift: pointers
                    // that might alias keep a plain loop from vectorising.
                    var j = 0
                    while j < h {
                        let c = min(8, h - j)
                        let dhj = (aboveStep ? lanes(above + j, c) : V8()) + lanes(dhn + j, c)
                        setLanes(dhj, dh + j, c)
                        let zj = lanes(z + j, c), rj = lanes(rg + j, c), nj = lanes(n + j, c)
                        let dn = dhj * (1 - zj) * (1 - nj * nj)                    // ∂a_n
                        let dz = dhj * (lanes(hp + j, c) - nj) * zj * (1 - zj)     // ∂(a_z + q_z)
                        let dr = dn * lanes(qn + j, c) * rj * (1 - rj)             // ∂(a_r + q_r)
                        setLanes(dz, dar + j, c); setLanes(dr, dar + h + j, c); setLanes(dn, dar + 2 * h + j, c)
                        setLanes(dz, dqr + j, c); setLanes(dr, dqr + h + j, c); setLanes(dn * rj, dqr + 2 * h + j, c)
                        setLanes(dhj * zj, dhn + j, c)                              // direct path to h_{t−1}
                        j += 8
                    }
                }
                if t > 0 {
                    // ∂h_{t−1} += δq_t · Uᵀ: (B, 3H) x (3H, H) -> (B, H)
                    packedUT.multiply(m: rows.count, a: dqBase + (t * nb + r0) * g3, ars: g3, acs: 1,
                                      c: pdhn.baseAddress! + r0 * h, ldc: h, accumulate: true)
                }
            }
            }
            // ∂W = Xᵀ · δA: (F, T·B) x (T·B, 3H) -> (F, 3H)
            dW.withUnsafeMutableBufferPointer { pw in
                gemm(m: nf, n: g3, k: nt * nb, a: px.baseAddress!, ars: 1, acs: nf,
                     b: daBase, ldb: g3, c: pw.baseAddress!, ldc: g3, accumulate: false)
            }
            // ∂U = Σ_t h_{t−1}ᵀ · δq_t: (H, (T−1)·B) x ((T−1)·B, 3H) -> (H, 3H)
            if nt > 1 {
                dU.withUnsafeMutableBufferPointer { pu in
                    gemm(m: h, n: g3, k: (nt - 1) * nb, a: ph.baseAddress!, ars: 1, acs: h,
                         b: dqBase + nb * g3, ldb: g3, c: pu.baseAddress!, ldc: g3, accumulate: false)
                }
            }
            // ∂X = δA · Wᵀ: (T·B, 3H) x (3H, F) -> (T·B, F)
            if inputGradient { kernel.value.scalars.withUnsafeBufferPointer { pw in
                dxTime.withUnsafeMutableBufferPointer { pdx in
                    gemmNT(m: nt * nb, n: nf, k: g3, a: daBase, lda: g3, b: pw.baseAddress!, ldb: g3,
                           c: pdx.baseAddress!, ldc: nf, accumulate: false)
                }
            }}
        }}}}}}}}}}}
        // ∂b_in = Σ_r δa[r, ·] (row 0), ∂b_rec = Σ_r δq[r, ·] (row 1), each summed in order;
        // `+` concatenates the two rows.
        let db = columnSums(da, rows: nt * nb, columns: g3) + columnSums(dq, rows: nt * nb, columns: g3)
        kernel.gradient = Tensor(shape: [nf, g3], scalars: dW)
        recurrentKernel.gradient = Tensor(shape: [h, g3], scalars: dU)
        bias.gradient = Tensor(shape: [2, g3], scalars: db)
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
    /// Gate activations z, r, n of the last forward pass, each `(batch, time, units)`.
    public var lastGates: GRUGates {
        let h = units
        return GRUGates(update: batchMajor(gates, width: h, offset: 0, stride: 3 * h),
                        reset: batchMajor(gates, width: h, offset: h, stride: 3 * h),
                        candidate: batchMajor(gates, width: h, offset: 2 * h, stride: 3 * h))
    }
    /// ∂loss/∂h_t for every step from the last backward pass, `(batch, time, units)`.
    public var lastHiddenStateGradients: Tensor {
        check(hasHiddenGradients, "GRU: no backward pass since the last forward")
        return batchMajor(hiddenGradients, width: units)
    }
}

private typealias V8 = SIMD8<Float>

// Partial-vector access for the backward loop, kept in this file for the reason given in
// LSTM.swift (a debug build would not inline a helper from another file into the loop).

/// Loads `count` ≤ 8 floats, zero-padding the missing lanes.
@inline(__always)
private func lanes(_ p: UnsafePointer<Float>, _ count: Int) -> V8 {
    if count == 8 { return UnsafeRawPointer(p).loadUnaligned(as: V8.self) }
    var v = V8()
    for l in 0..<count { v[l] = p[l] }
    return v
}

/// Stores the first `count` ≤ 8 lanes.
@inline(__always)
private func setLanes(_ v: V8, _ p: UnsafeMutablePointer<Float>, _ count: Int) {
    if count == 8 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self); return }
    for l in 0..<count { p[l] = v[l] }
}
