/// A trainable tensor and the gradient of the loss with respect to it.
///
/// A class, so a layer and its optimizer share the same storage.
public final class Parameter {
    public let name: String
    public var value: Tensor
    /// ∂loss/∂value, written by the owning layer's `backward`.
    public var gradient: Tensor

    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }
}

/// A differentiable layer: `forward` remembers what `backward` needs.
///
/// Shapes exclude the batch axis in `build` and include it (first) in `forward`/`backward`.
/// `backward` receives ∂loss/∂output for the last `forward`, **sets** every parameter's
/// `gradient` and returns ∂loss/∂input.
public protocol Layer: AnyObject {
    /// Keras' class name, e.g. "LSTM" (shown in `summary()`).
    var typeName: String { get }
    /// Input shape without the batch axis, if given when the layer was created.
    var declaredInputShape: [Int]? { get }
    /// Creates the weights for an input shape (without batch) and returns the output shape.
    func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int]
    /// Trainable parameters, in a stable order.
    var parameters: [Parameter] { get }
    /// A name for each parameter, unique within the layer, in `parameters` order; weight files
    /// use "<layer index>.<type>.<name>". Defaults to each `Parameter`'s `name`.
    var parameterNames: [String] { get }
    func forward(_ x: Tensor) -> Tensor
    func backward(_ dOutput: Tensor) -> Tensor
}

extension Layer {
    public var declaredInputShape: [Int]? { nil }
    /// Each `Parameter`'s own `name` ("kernel", "bias", …).
    public var parameterNames: [String] { parameters.map(\.name) }
    /// Total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

@usableFromInline
func requireBuilt(_ built: Bool, _ layer: String) {
    check(built, "\(layer): forward called before build(inputShape:using:) — add it to a Sequential or call build first")
}
