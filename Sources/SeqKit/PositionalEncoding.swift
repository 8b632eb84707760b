// Sinusoidal positional encoding, Vaswani et al. (2017), "Attention Is All You Need", §3.5:
//
//   PE(pos, 2i)   = sin(pos / 10000^(2i / d))
//   PE(pos, 2i+1) = cos(pos / 10000^(2i / d))
//
// Attention alone is blind to order; adding these waves gives every position a distinct code
// whose offsets are linear functions of each other.
// sin, cos and pow are PortableMath's, so the table has the same bits on every platform.

/// The `(length, dModel)` table of sinusoidal encodings (computed in Double, stored as Float).
public func sinusoidalPositionalEncoding(length: Int, dModel: Int) -> Tensor {
    var pe = Tensor(zeros: [length, dModel])
    for pos in 0..<length {
        for j in 0..<dModel {
            let i2 = Double(j - j % 2)                               // 2i for both members of a pair
            let angle = Double(pos) / PortableMath.pow(10000, i2 / Double(dModel))
            pe[pos, j] = Float(j % 2 == 0 ? PortableMath.sin(angle) : PortableMath.cos(angle))
        }
    }
    return pe
}

/// Adds the sinusoidal encoding to a `(batch, time, dModel)` input. No parameters; the
/// gradient passes through unchanged.
public final class PositionalEncoding: Layer {
    /// Keras-style class name shown by `summary()`: `"PositionalEncoding"`.
    public var typeName: String { "PositionalEncoding" }
    /// The `(time, dModel)` input shape given at creation, without the batch axis; nil if none.
    public let declaredInputShape: [Int]?
    private var table = Tensor(zeros: [0, 0])

    /// A positional-encoding layer; `inputShape`, `(time, dModel)`, is needed only when it is a
    /// model's first layer.
    public init(inputShape: [Int]? = nil) { self.declaredInputShape = inputShape }

    /// Computes the `(time, dModel)` table with ``sinusoidalPositionalEncoding(length:dModel:)``
    /// and returns the input shape unchanged.
    ///
    /// `inputShape` must have two axes, `(time, dModel)`. Draws nothing from `rng`.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "PositionalEncoding: input shape must be (time, dModel), got \(inputShape)")
        table = sinusoidalPositionalEncoding(length: inputShape[0], dModel: inputShape[1])
        return inputShape
    }

    /// None: the encoding is a fixed table, not trained.
    public var parameters: [Parameter] { [] }

    /// `y[b, t, j] = x[b, t, j] + PE(t, j)` for an `(batch, time, dModel)` input.
    ///
    /// `time` may be shorter than the length the layer was built for (the first rows of the
    /// table are used), never longer; `dModel` must match.
    public func forward(_ x: Tensor) -> Tensor {
        check(x.rank == 3 && x.shape[1] <= table.shape[0] && x.shape[2] == table.shape[1],
                      "PositionalEncoding: input \(x.shape) does not fit table \(table.shape)")
        var y = x
        let per = x.shape[1] * x.shape[2]
        for b in 0..<x.shape[0] { for i in 0..<per { y.scalars[b * per + i] += table.scalars[i] } }
        return y
    }

    /// ∂loss/∂x = ∂loss/∂y: adding a constant table passes the gradient through unchanged.
    public func backward(_ dOutput: Tensor) -> Tensor { dOutput }
}
