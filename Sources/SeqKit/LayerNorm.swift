// Layer normalization, Ba, Kiros & Hinton (2016), "Layer Normalization", §3: each position's
// feature vector is centred and scaled to unit variance, then a learned gain γ and bias β are
// applied. Over the last axis, for one row x of width d:
//
//   μ = (1/d) Σⱼ xⱼ,   σ² = (1/d) Σⱼ (xⱼ − μ)²,   r = 1/√(σ² + ε)
//   x̂ⱼ = (xⱼ − μ)·r,   yⱼ = γⱼ x̂ⱼ + βⱼ
//
// Backward, with g = ∂L/∂y and ĝ = g ⊙ γ (the biased variance, as PyTorch and Keras use):
//   ∂γ = Σ_rows g ⊙ x̂,   ∂β = Σ_rows g
//   ∂xⱼ = r · (ĝⱼ − mean(ĝ) − x̂ⱼ · mean(ĝ ⊙ x̂))

/// Layer normalization over the last axis: `(batch, …, d) -> (batch, …, d)`,
/// y = γ ⊙ (x − μ)/√(σ² + ε) + β with μ, σ² the mean and (biased) variance of each row.
///
/// Parameters: γ `(d)` (ones, Keras' `"gamma"`) and β `(d)` (zeros, `"beta"`): `2·d` scalars.
/// ε defaults to 1e-5, PyTorch's `nn.LayerNorm` default (Keras' is 1e-3). Every sum runs in
/// `Float` in index order, so the result is the same on every build.
public final class LayerNorm: Layer {
    /// ε, added to the variance before the square root.
    public let epsilon: Float
    /// `"LayerNormalization"`, Keras' class name.
    public var typeName: String { "LayerNormalization" }
    /// The input shape without the batch axis, if given at creation.
    public let declaredInputShape: [Int]?
    /// γ, the gain, `(d)`; `nil` until built.
    public private(set) var gamma: Parameter!
    /// β, the bias, `(d)`; `nil` until built.
    public private(set) var beta: Parameter!

    private var normalized = Tensor(zeros: [0])       // x̂, the input's shape
    private var reciprocalStd: [Float] = []           // r, one per row

    /// A layer normalization with `epsilon` added to the variance (positive).
    public init(epsilon: Float = 1e-5, inputShape: [Int]? = nil) {
        check(epsilon > 0, "LayerNorm: epsilon must be positive, got \(epsilon)")
        self.epsilon = epsilon
        self.declaredInputShape = inputShape
    }

    /// Creates γ = 1 and β = 0 for the last axis of `inputShape`; the output shape is the input's.
    /// Draws nothing from `rng`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(!inputShape.isEmpty, "LayerNorm: input shape needs a feature axis, got \(inputShape)")
        let d = inputShape.last!
        gamma = Parameter("gamma", Tensor(repeating: 1, shape: [d]))
        beta = Parameter("beta", Tensor(zeros: [d]))
        return inputShape
    }

    /// `[gamma, beta]` once built.
    public var parameters: [Parameter] { gamma == nil ? [] : [gamma, beta] }

    /// y = γ ⊙ x̂ + β, row by row over the last axis; remembers x̂ and 1/√(σ² + ε).
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(gamma != nil, "LayerNorm")
        let d = gamma.value.count
        check(x.shape.last == d, "LayerNorm: input \(x.shape) does not end in the built width \(d)")
        let rows = x.count / d
        var xhat = uninitializedFloats(x.count)
        var y = uninitializedFloats(x.count)
        var rstd = [Float](repeating: 0, count: rows)
        let eps = epsilon
        x.scalars.withUnsafeBufferPointer { px in
        gamma.value.scalars.withUnsafeBufferPointer { pg in
        beta.value.scalars.withUnsafeBufferPointer { pb in
        xhat.withUnsafeMutableBufferPointer { ph in
        y.withUnsafeMutableBufferPointer { py in
            for r in 0..<rows {
                let src = px.baseAddress! + r * d, h = ph.baseAddress! + r * d
                let out = py.baseAddress! + r * d
                var sum: Float = 0
                for j in 0..<d { sum += src[j] }
                let mean = sum / Float(d)
                var sq: Float = 0
                for j in 0..<d { let c = src[j] - mean; sq += c * c }
                let inv = 1 / (sq / Float(d) + eps).squareRoot()
                rstd[r] = inv
                for j in 0..<d {
                    h[j] = (src[j] - mean) * inv
                    out[j] = pg[j] * h[j] + pb[j]
                }
            }
        }}}}}
        normalized = Tensor(shape: x.shape, scalars: xhat)
        reciprocalStd = rstd
        return Tensor(shape: x.shape, scalars: y)
    }

    /// Sets ∂γ = Σ g ⊙ x̂ and ∂β = Σ g over all rows, and returns
    /// ∂x = r · (ĝ − mean(ĝ) − x̂ ⊙ mean(ĝ ⊙ x̂)) with ĝ = g ⊙ γ.
    public func backward(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == normalized.shape,
              "LayerNorm.backward: gradient \(dOutput.shape) vs output \(normalized.shape)")
        let d = gamma.value.count
        let rows = dOutput.count / d
        var dx = uninitializedFloats(dOutput.count)
        var dg = [Float](repeating: 0, count: d), db = [Float](repeating: 0, count: d)
        dOutput.scalars.withUnsafeBufferPointer { pgo in
        normalized.scalars.withUnsafeBufferPointer { ph in
        gamma.value.scalars.withUnsafeBufferPointer { pg in
        dx.withUnsafeMutableBufferPointer { pdx in
        dg.withUnsafeMutableBufferPointer { pdg in
        db.withUnsafeMutableBufferPointer { pdb in
            for r in 0..<rows {
                let g = pgo.baseAddress! + r * d, h = ph.baseAddress! + r * d
                let out = pdx.baseAddress! + r * d
                var sumG: Float = 0, sumGH: Float = 0
                for j in 0..<d {
                    let gh = g[j] * pg[j]
                    sumG += gh
                    sumGH += gh * h[j]
                    pdg[j] += g[j] * h[j]
                    pdb[j] += g[j]
                }
                let meanG = sumG / Float(d), meanGH = sumGH / Float(d), inv = reciprocalStd[r]
                for j in 0..<d { out[j] = inv * (g[j] * pg[j] - meanG - h[j] * meanGH) }
            }
        }}}}}}
        gamma.gradient = Tensor(shape: [d], scalars: dg)
        beta.gradient = Tensor(shape: [d], scalars: db)
        return Tensor(shape: dOutput.shape, scalars: dx)
    }
}
