/// Lookup table from token ids to vectors: `(batch, time)` ids → `(batch, time, dimension)`.
///
/// Ids arrive as Floats holding integers (every tensor here is Float). Table `(vocabulary,
/// dimension)`, initialised U(−0.05, 0.05) as Keras does. The ids are not differentiable, so
/// `backward` returns zeros for them and scatter-adds into the table's gradient.
public final class Embedding: Layer {
    public let vocabularySize: Int
    public let dimension: Int
    public var typeName: String { "Embedding" }
    public let declaredInputShape: [Int]?
    public private(set) var table: Parameter!
    private var ids: Tensor = Tensor(zeros: [0])

    public init(vocabularySize: Int, dimension: Int, inputLength: Int? = nil) {
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.declaredInputShape = inputLength.map { [$0] }
    }

    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        table = Parameter("embeddings", Initializer.uniform(-0.05, 0.05).make([vocabularySize, dimension], using: &rng))
        return inputShape + [dimension]
    }

    public var parameters: [Parameter] { table == nil ? [] : [table] }

    @inline(__always)
    private func index(_ v: Float) -> Int {
        let i = Int(v)
        check(Float(i) == v && i >= 0 && i < vocabularySize,
                      "Embedding: id \(v) is not an integer in 0..<\(vocabularySize)")
        return i
    }

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
