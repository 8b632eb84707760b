// Learned absolute positions, as GPT (Radford et al. 2018, §4.1: "learned position embeddings
// instead of the sinusoidal version") and BERT use: one trained vector per position, added to
// the token's vector. The fixed sinusoidal alternative is `PositionalEncoding`.
//
//   y[b, t, :] = x[b, t, :] + P[t, :]        ∂P[t, :] = Σ_b ∂y[b, t, :],   ∂x = ∂y

/// Adds a trained vector per position to a `(batch, time, d)` input.
///
/// Table P `(maxLength, d)`, named `"embeddings"` (keras-hub's `PositionEmbedding`), drawn
/// from N(0, 0.02²) as GPT-2's released code does: `maxLength · d` parameters. Inputs may be
/// shorter than `maxLength` (the first rows of P are used), never longer.
public final class PositionEmbedding: Layer {
    /// The longest sequence the table covers.
    public let maxLength: Int
    /// `"PositionEmbedding"`.
    public var typeName: String { "PositionEmbedding" }
    /// The `(time, d)` input shape, if given at creation.
    public let declaredInputShape: [Int]?
    /// P, `(maxLength, d)`; `nil` until built.
    public private(set) var table: Parameter!
    private var time = 0

    /// A learned position table for sequences of up to `maxLength` steps.
    public init(maxLength: Int, inputShape: [Int]? = nil) {
        check(maxLength > 0, "PositionEmbedding: maxLength must be positive, got \(maxLength)")
        self.maxLength = maxLength
        self.declaredInputShape = inputShape
    }

    /// Draws P from N(0, 0.02²) for an input `(time, d)` with time ≤ maxLength.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2 && inputShape[0] <= maxLength,
              "PositionEmbedding: input shape must be (time ≤ \(maxLength), d), got \(inputShape)")
        table = Parameter("embeddings", Initializer.normal(standardDeviation: 0.02).make([maxLength, inputShape[1]], using: &rng))
        return inputShape
    }

    /// `[table]` once built.
    public var parameters: [Parameter] { table == nil ? [] : [table] }

    /// y[b, t, :] = x[b, t, :] + P[t, :].
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(table != nil, "PositionEmbedding")
        let d = table.value.shape[1]
        check(x.rank == 3 && x.shape[1] <= maxLength && x.shape[2] == d,
              "PositionEmbedding: input \(x.shape) does not fit table \(table.value.shape)")
        time = x.shape[1]
        var y = x
        let per = time * d
        table.value.scalars.withUnsafeBufferPointer { p in
            y.scalars.withUnsafeMutableBufferPointer { py in
                for b in 0..<x.shape[0] { for i in 0..<per { py[b * per + i] += p[i] } }
            }
        }
        return y
    }

    /// Sets ∂P[t, :] = Σ_b ∂y[b, t, :] (rows past the input's length get 0) and returns ∂y.
    public func backward(_ dOutput: Tensor) -> Tensor {
        let d = table.value.shape[1]
        check(dOutput.rank == 3 && dOutput.shape[1] == time && dOutput.shape[2] == d,
              "PositionEmbedding.backward: gradient \(dOutput.shape) vs (batch, \(time), \(d))")
        var g = [Float](repeating: 0, count: maxLength * d)
        let per = time * d
        dOutput.scalars.withUnsafeBufferPointer { pd in
            for b in 0..<dOutput.shape[0] { for i in 0..<per { g[i] += pd[b * per + i] } }
        }
        table.gradient = Tensor(shape: [maxLength, d], scalars: g)
        return dOutput
    }
}
