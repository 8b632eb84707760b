// Weight initializers with Keras' defaults and names.
// Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
// networks"; orthogonal: Saxe, McClelland & Ganguli (2014).

/// How a weight tensor is filled when a layer is built, with Keras' names and defaults.
///
/// The built-in layers use ``glorotUniform`` for kernels, ``orthogonal`` for recurrent
/// kernels, ``zeros`` for biases and `uniform(-0.05, 0.05)` for embeddings. Every random draw
/// comes from the ``SeededGenerator`` passed to ``make(_:using:)``, so a model's initial weights
/// are fixed by its seed.
public enum Initializer: Sendable {
    /// Every element 0 (biases).
    case zeros
    /// Every element equal to the given value.
    case constant(Float)
    /// U(−limit, limit) with limit = √(6 / (fanIn + fanOut)) — Keras' default kernel initializer.
    ///
    /// For a shape `(d₀, d₁, …)` fanIn = d₀ and fanOut = d₁·d₂·…; for a vector of n elements
    /// fanIn = fanOut = n.
    case glorotUniform
    /// U(low, high), low first — Keras' Embedding default is U(−0.05, 0.05).
    case uniform(Float, Float)
    /// N(0, standardDeviation²), from ``SeededGenerator/normal(mean:standardDeviation:)``.
    case normal(standardDeviation: Float)
    /// A (semi-)orthogonal matrix: QR of a Gaussian matrix, Q's columns signed by diag(R) so the
    /// distribution is uniform (Haar). Keras' default recurrent initializer.
    ///
    /// For `(r, c)` with r ≥ c the columns are orthonormal (QᵀQ = I), otherwise the rows are.
    /// The QR runs in `Double` (``DoubleMatrix/thinQR()``). Matrices only.
    case orthogonal

    /// A tensor of `shape` filled by this initializer, drawing from `rng`.
    ///
    /// Kernels are `(fanIn, fanOut)` matrices, biases vectors. ``orthogonal`` needs a rank-2
    /// shape. ``zeros`` and ``constant(_:)`` draw nothing, so they leave `rng` unchanged.
    public func make(_ shape: [Int], using rng: inout SeededGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        switch self {
        case .zeros: return Tensor(zeros: shape)
        case .constant(let v): return Tensor(repeating: v, shape: shape)
        case .glorotUniform:
            let fanIn = shape.count >= 2 ? shape[0] : n
            let fanOut = shape.count >= 2 ? shape[1...].reduce(1, *) : n
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            return rng.uniformTensor(shape, -limit, limit)
        case .uniform(let lo, let hi): return rng.uniformTensor(shape, lo, hi)
        case .normal(let sd): return rng.normalTensor(shape, standardDeviation: sd)
        case .orthogonal:
            check(shape.count == 2, "orthogonal: needs a matrix shape, got \(shape)")
            return orthogonalMatrix(rows: shape[0], columns: shape[1], using: &rng)
        }
    }
}

/// A rows×columns matrix with orthonormal columns (rows ≥ columns) or orthonormal rows, Haar
/// distributed: Q of the QR of a Gaussian matrix, each column of Q multiplied by sign(Rⱼⱼ).
func orthogonalMatrix(rows: Int, columns: Int, using rng: inout SeededGenerator) -> Tensor {
    let tall = max(rows, columns), narrow = min(rows, columns)
    var g = DoubleMatrix(rows: tall, columns: narrow)
    for i in 0..<tall { for j in 0..<narrow { g[i, j] = rng.normalDouble() } }
    let (q, r) = g.thinQR()
    var out = Tensor(zeros: [rows, columns])
    for i in 0..<tall {
        for j in 0..<narrow {
            let v = Float(q[i, j] * (r[j, j] < 0 ? -1 : 1))
            if rows >= columns { out[i, j] = v } else { out[j, i] = v }
        }
    }
    return out
}
