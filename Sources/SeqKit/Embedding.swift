/// A lookup table from token ids to vectors: `(batch, time)` ids → `(batch, time, dimension)`,
/// `y[b, t, :] = E[x[b, t], :]`.
///
/// Ids arrive as Floats holding integers in `0..<vocabularySize` (every tensor here is Float);
/// any other value stops with a message. Table E `(vocabularySize, dimension)`, initialised
/// U(−0.05, 0.05) as Keras does: `vocabularySize · dimension` parameters. The ids are not
/// differentiable, so ``backward(_:)`` returns zeros for them and scatter-adds into the table's
/// gradient. Any input shape works: `(…)` ids give `(…, dimension)`.
public final class Embedding: Layer {
    /// The number of ids: valid ids are `0..<vocabularySize`.
    public let vocabularySize: Int
    /// The length of each id's vector: the size of the new last axis.
    public let dimension: Int
    /// `"Embedding"`, Keras' class name (shown by ``Sequential/summary()``).
    public var typeName: String { "Embedding" }
    /// `[inputLength]` if given at creation, else `nil`.
    public let declaredInputShape: [Int]?
    /// E, `(vocabularySize, dimension)`, named `"embeddings"` as in Keras; `nil` until built.
    public private(set) var table: Parameter!
    private var ids: Tensor = Tensor(zeros: [0])

    /// An embedding of `vocabularySize` ids into vectors of `dimension` elements.
    ///
    /// - Parameters:
    ///   - vocabularySize: the number of distinct ids; must be positive.
    ///   - dimension: the length of each vector; must be positive.
    ///   - inputLength: the sequence length, for a model's first layer (Keras' `input_length`).
    public init(vocabularySize: Int, dimension: Int, inputLength: Int? = nil) {
        check(vocabularySize > 0 && dimension > 0,
              "Embedding: vocabularySize and dimension must be positive, got \(vocabularySize), \(dimension)")
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.declaredInputShape = inputLength.map { [$0] }
    }

    /// Draws E from U(−0.05, 0.05) with `rng` and returns `inputShape + [dimension]`.
    ///
    /// Shapes exclude the batch axis. Building again replaces the table.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        table = Parameter("embeddings", Initializer.uniform(-0.05, 0.05).make([vocabularySize, dimension], using: &rng))
        return inputShape + [dimension]
    }

    /// `[table]` once built, `[]` before.
    public var parameters: [Parameter] { table == nil ? [] : [table] }

    @inline(__always)
    private func index(_ v: Float) -> Int {
        let i = Int(v)
        check(Float(i) == v && i >= 0 && i < vocabularySize,
                      "Embedding: id \(v) is not an integer in 0..<\(vocabularySize)")
        return i
    }

    /// Looks up every id: `(batch, …)` ids → `(batch, …, dimension)`, `y[n, :] = E[x[n], :]`.
    ///
    /// Every id must be an integer in `0..<vocabularySize`, else the program stops with the id.
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(table != nil, "Embedding")
        ids = x
        var out = [Float](repeating: 0, count: x.count * dimension)
        for (n, v) in x.scalars.enumerated() {
            let i = index(v)
            for d in 0..<dimension { out[n * dimension + d] = table.value.scalars[i * dimension + d] }
        }
        return Tensor(shape: x.shape + [dimension], scalars: out)
    }

    /// Sets ∂L/∂E[i, :] = Σ over positions n with id i of ∂L/∂y[n, :], and returns zeros of the
    /// ids' shape (ids are not differentiable).
    ///
    /// The scatter-add runs in position order, so repeated ids always sum in the same order.
    public func backward(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == ids.shape + [dimension],
                      "Embedding.backward: gradient \(dOutput.shape) vs output \(ids.shape + [dimension])")
        var g = Tensor(zeros: table.value.shape)
        for (n, v) in ids.scalars.enumerated() {
            let i = index(v)
            for d in 0..<dimension { g.scalars[i * dimension + d] += dOutput.scalars[n * dimension + d] }
        }
        table.gradient = g
        return Tensor(zeros: ids.shape)
    }
}
