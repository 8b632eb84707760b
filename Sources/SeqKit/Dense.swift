/// Fully connected layer: y = activation(x · W + b).
///
/// Applied to the last axis, as Keras does: `(batch, …, inputDim) -> (batch, …, units)`.
/// Parameters: W `(inputDim, units)` (Glorot uniform), b `(units)` (zeros):
/// `inputDim · units + units` scalars.
public final class Dense: Layer {
    public let units: Int
    public let activation: Activation
    public var typeName: String { "Dense" }
    public let declaredInputShape: [Int]?
    public private(set) var weight: Parameter!
    public private(set) var bias: Parameter!

    private var input = Tensor(zeros: [0])
    private var output = Tensor(zeros: [0])

    public init(_ units: Int, activation: Activation = .linear, inputShape: [Int]? = nil) {
        check(units > 0, "Dense: units must be positive, got \(units)")
        self.units = units
        self.activation = activation
        self.declaredInputShape = inputShape
    }

    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(!inputShape.isEmpty, "Dense: input shape must have a feature axis, got \(inputShape)")
        let inDim = inputShape.last!
        weight = Parameter("kernel", Initializer.glorotUniform.make([inDim, units], using: &rng))
        bias = Parameter("bias", Tensor(zeros: [units]))
        return Array(inputShape.dropLast()) + [units]
    }

    public var parameters: [Parameter] { weight == nil ? [] : [weight, bias] }

    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(weight != nil, "Dense")
        let inDim = weight.value.shape[0]
        check(x.shape.last == inDim, "Dense: input last axis \(x.shape) does not match kernel \(weight.value.shape)")
        input = x
        let rows = x.count / inDim
        let z = matmul(x.reshaped([rows, inDim]), weight.value)   // (N, in) x (in, units) -> (N, units)
        output = activation(z.addingRow(bias.value)).reshaped(Array(x.shape.dropLast()) + [units])
        return output
    }

    public func backward(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == output.shape, "Dense.backward: gradient \(dOutput.shape) vs output \(output.shape)")
        let inDim = weight.value.shape[0]
        let rows = input.count / inDim
        let dz = activation.backward(output: output, gradient: dOutput).reshaped([rows, units])
        weight.gradient = matmul(input.reshaped([rows, inDim]), dz, transposeA: true)  // (in, N) x (N, units)
        bias.gradient = dz.sumRows()
        return matmul(dz, weight.value, transposeB: true).reshaped(input.shape)         // (N, units) x (units, in)
    }
}
