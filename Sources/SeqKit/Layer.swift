/// A trainable tensor and the gradient of the loss with respect to it.
///
/// A class, so a layer and its optimizer share the same storage: an ``Optimizer`` updates
/// ``value`` in place from ``gradient``. ``gradient`` always has the shape of ``value``.
public final class Parameter {
    /// The weight's name inside its layer, as Keras names it: `"kernel"`, `"recurrent_kernel"`,
    /// `"bias"`, `"embeddings"`.
    public let name: String
    /// The current weights. Assigning a tensor of another shape is allowed but then
    /// ``gradient`` no longer matches it until the next `backward`.
    public var value: Tensor
    /// ∂loss/∂value, written (not accumulated) by the owning layer's `backward`.
    public var gradient: Tensor

    /// A parameter named `name` holding `value`, with a zero gradient of the same shape.
    ///
    /// For custom layers: create parameters in ``Layer/build(inputShape:using:)`` and list them in
    /// ``Layer/parameters``.
    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }
}

/// A differentiable layer: `forward` remembers what `backward` needs.
///
/// Shapes exclude the batch axis in ``build(inputShape:using:)`` and include it (first) in
/// ``forward(_:)`` and ``backward(_:)``. `backward` receives ∂loss/∂output for the last
/// `forward`, **sets** every parameter's ``Parameter/gradient`` and returns ∂loss/∂input.
///
/// A class protocol: a ``Sequential`` holds its layers by reference, so a layer kept in a
/// variable shows the internals of the model's last pass (see ``LSTM/lastGates``).
/// To write a layer, implement `typeName`, `build`, `parameters`, `forward` and `backward` (the
/// others have defaults); draw every random number from the `rng` passed to `build` so the model
/// stays deterministic for its seed.
public protocol Layer: AnyObject {
    /// Keras' class name, e.g. "LSTM" (shown in `summary()`).
    var typeName: String { get }
    /// Input shape without the batch axis, if given when the layer was created.
    var declaredInputShape: [Int]? { get }
    /// Creates the weights for an input shape (without batch) and returns the output shape.
    func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int]
    /// Trainable parameters, in a stable order (`[]` before ``build(inputShape:using:)``).
    var parameters: [Parameter] { get }
    /// A name for each parameter, unique within the layer, in `parameters` order; weight files
    /// use "<layer index>.<type>.<name>". Defaults to each `Parameter`'s `name`.
    var parameterNames: [String] { get }
    /// The layer's output for a batch `x` (batch axis first); remembers what ``backward(_:)`` needs.
    func forward(_ x: Tensor) -> Tensor
    /// Given ∂loss/∂output of the last ``forward(_:)`` (the output's shape), sets every
    /// parameter's gradient and returns ∂loss/∂input (the input's shape).
    func backward(_ dOutput: Tensor) -> Tensor
    /// ``backward(_:)`` for a model's first layer, whose ∂loss/∂input nobody reads: sets the same
    /// parameter gradients, bit for bit, and may skip computing ∂loss/∂input. ``Sequential``'s
    /// `trainStep` and `fit` call it; the default calls `backward` and drops its result.
    func backwardParameters(_ dOutput: Tensor)
}

extension Layer {
    /// `nil`: a layer that takes no `inputShape:` cannot be a model's first layer unless the
    /// ``Sequential`` is given one.
    public var declaredInputShape: [Int]? { nil }
    /// Each `Parameter`'s own `name` ("kernel", "bias", …).
    public var parameterNames: [String] { parameters.map(\.name) }
    /// The total number of trainable scalars, Σ over ``parameters`` of `value.count`
    /// (the "Param #" column of ``Sequential/summary()``); 0 before the layer is built.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    /// Calls ``backward(_:)`` and drops ∂loss/∂input.
    public func backwardParameters(_ dOutput: Tensor) { _ = backward(dOutput) }
}

@usableFromInline
func requireBuilt(_ built: Bool, _ layer: String) {
    check(built, "\(layer): forward called before build(inputShape:using:) — add it to a Sequential or call build first")
}
