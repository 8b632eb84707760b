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
    public var typeName: String { "PositionalEncoding" }
    public let declaredInputShape: [Int]?
    private var table = Tensor(zeros: [0, 0])

    public init(inputShape: [Int]? = nil) { self.declaredInputShape = inputShape }

    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(inputShape.count == 2, "PositionalEncoding: input shape must be (time, dModel), got \(inputShape)")
        table = sinusoidalPositionalEncoding(length: inputShape[0], dModel: inputShape[1])
        return inputShape
    }

    public var parameters: [Parameter] { [] }

    public func forward(_ x: Tensor) -> Tensor {
        check(x.rank == 3 && x.shape[1] <= table.shape[0] && x.shape[2] == table.shape[1],
                      "PositionalEncoding: input \(x.shape) does not fit table \(table.shape)")
        var y = x
        let per = x.shape[1] * x.shape[2]
        for b in 0..<x.shape[0] { for i in 0..<per { y.scalars[b * per + i] += table.scalars[i] } }
        return y
    }

    public func backward(_ dOutput: Tensor) -> Tensor { dOutput }
}
