/// A fully connected layer: y = activation(x · W + b).
///
/// Applied to the last axis, as Keras does: `(batch, …, inputDim) -> (batch, …, units)`, so
/// `Dense` after an `LSTM(returnSequences: true)` acts on every time step with the same weights.
/// Parameters: W `(inputDim, units)` (Glorot uniform), b `(units)` (zeros):
/// `inputDim · units + units` scalars.
///
/// `inputDim` is taken from the input shape when the layer is built (by ``Sequential`` or
/// ``build(inputShape:using:)``); until then ``weight`` and ``bias`` are `nil`.
public final class Dense: Layer {
    /// The number of outputs per position: the size of the last output axis.
    public let units: Int
    /// The function applied to x · W + b (``Activation/linear`` for none).
    public let activation: Activation
    /// `"Dense"`, Keras' class name (shown by ``Sequential/summary()``).
    public var typeName: String { "Dense" }
    /// The input shape without the batch axis, if given as `inputShape:` (only needed on a
    /// model's first layer).
    public let declaredInputShape: [Int]?
    /// W, `(inputDim, units)`, named `"kernel"` as in Keras; `nil` until the layer is built.
    public private(set) var weight: Parameter!
    /// b, `(units)`, named `"bias"`; `nil` until the layer is built.
    public private(set) var bias: Parameter!

    private var input = Tensor(zeros: [0])
    private var output = Tensor(zeros: [0])

    /// A dense layer with `units` outputs.
    ///
    /// - Parameters:
    ///   - units: the size of the last output axis; must be positive.
    ///   - activation: applied elementwise (``Activation/softmax`` over the last axis).
    ///   - inputShape: the input shape without the batch axis, for a model's first layer.
    public init(_ units: Int, activation: Activation = .linear, inputShape: [Int]? = nil) {
        check(units > 0, "Dense: units must be positive, got \(units)")
        self.units = units
        self.activation = activation
        self.declaredInputShape = inputShape
    }

    /// Draws W (Glorot uniform, from `rng`) and zeroes b for an input shape `(…, inputDim)`,
    /// and returns the output shape `(…, units)`.
    ///
    /// Shapes exclude the batch axis. Building again replaces the weights.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] {
        check(!inputShape.isEmpty, "Dense: input shape must have a feature axis, got \(inputShape)")
        let inDim = inputShape.last!
        weight = Parameter("kernel", Initializer.glorotUniform.make([inDim, units], using: &rng))
        bias = Parameter("bias", Tensor(zeros: [units]))
        return Array(inputShape.dropLast()) + [units]
    }

    /// `[weight, bias]` once built, `[]` before.
    public var parameters: [Parameter] { weight == nil ? [] : [weight, bias] }

    /// y = activation(x · W + b): `(batch, …, inputDim) -> (batch, …, units)`.
    ///
    /// Remembers `x` and `y` for ``backward(_:)``. The product is one matrix product over all
    /// leading axes flattened into rows, accumulated onto the bias rows (the same bits as
    /// ``matmul(_:_:transposeA:transposeB:)`` followed by ``Tensor/addingRow(_:)``).
    public func forward(_ x: Tensor) -> Tensor {
        requireBuilt(weight != nil, "Dense")
        let inDim = weight.value.shape[0]
        check(x.shape.last == inDim, "Dense: input last axis \(x.shape) does not match kernel \(weight.value.shape)")
        input = x
        let rows = x.count / inDim
        let z = matmulAddingRow(x.reshaped([rows, inDim]), weight.value, bias.value)  // (N, in) x (in, units) + b
        output = activation(z).reshaped(Array(x.shape.dropLast()) + [units])
        return output
    }

    /// Given ∂L/∂y of the last ``forward(_:)``, sets ∂L/∂W = xᵀ · dz and ∂L/∂b = Σ_rows dz,
    /// where dz = ∂L/∂y ⊙ activation′, and returns ∂L/∂x = dz · Wᵀ (the shape of x).
    ///
    /// Gradients are set, not accumulated. For ``Activation/softmax`` dz is the full Jacobian
    /// product over the last axis.
    public func backward(_ dOutput: Tensor) -> Tensor {
        let dz = setParameterGradients(dOutput)
        return matmul(dz, weight.value, transposeB: true).reshaped(input.shape)         // (N, units) x (units, in)
    }

    /// ``backward(_:)`` without ∂L/∂x = dz · Wᵀ: a model's first layer. Same parameter gradients.
    public func backwardParameters(_ dOutput: Tensor) {
        _ = setParameterGradients(dOutput)
    }

    /// Sets ∂L/∂W and ∂L/∂b and returns dz, `(rows, units)`.
    private func setParameterGradients(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == output.shape, "Dense.backward: gradient \(dOutput.shape) vs output \(output.shape)")
        let inDim = weight.value.shape[0]
        let rows = input.count / inDim
        let dz = activation.backward(output: output, gradient: dOutput).reshaped([rows, units])
        weight.gradient = matmul(input.reshaped([rows, inDim]), dz, transposeA: true)  // (in, N) x (N, units)
        bias.gradient = dz.sumRows()
        return dz
    }
}
