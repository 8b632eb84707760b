// The Gaussian error linear unit, Hendrycks & Gimpel (2016), "Gaussian Error Linear Units
// (GELUs)", in the tanh form of their §2 that GPT-2 and BERT use:
//
//   GELU(x) ≈ ½ x (1 + tanh(u)),   u = √(2/π) (x + 0.044715 x³)
//
// (PyTorch: `nn.GELU(approximate="tanh")`; Keras: `gelu(x, approximate=True)`.)
// Backward, with t = tanh(u):
//   ∂y/∂x = ½ (1 + t) + ½ x (1 − t²) · √(2/π) (1 + 3·0.044715 x²)
// tanh is SeqKit's own (CPortableMath), so the same bits come out on every platform.

/// GELU, tanh approximation, elementwise: any shape to the same shape. No parameters.
///
/// A smooth ReLU: near 0 for large negative x, near x for large positive x, and slightly
/// negative around x ≈ −0.75 (minimum ≈ −0.17).
public final class GELU: Layer {
    /// `"GELU"`.
    public var typeName: String { "GELU" }
    /// The input shape without the batch axis, if given at creation.
    public let declaredInputShape: [Int]?
    private var input = Tensor(zeros: [0])
    private var tanhU: [Float] = []

    /// A GELU layer; `inputShape` is needed only as a model's first layer.
    public init(inputShape: [Int]? = nil) { declaredInputShape = inputShape }

    /// Returns `inputShape` unchanged; draws nothing.
    public func build(inputShape: [Int], using rng: inout SeededGenerator) -> [Int] { inputShape }

    /// None.
    public var parameters: [Parameter] { [] }

    static let c = Float((2 / Double.pi).squareRoot())   // √(2/π)
    static let a: Float = 0.044715

    /// y = ½ x (1 + tanh(√(2/π)(x + 0.044715 x³))); remembers x and the tanh.
    public func forward(_ x: Tensor) -> Tensor {
        input = x
        let n = x.count
        var t = uninitializedFloats(n)
        var y = uninitializedFloats(n)
        let (c, a) = (GELU.c, GELU.a)
        x.scalars.withUnsafeBufferPointer { px in
        t.withUnsafeMutableBufferPointer { pt in
        y.withUnsafeMutableBufferPointer { py in
            let src = px.baseAddress!, th = pt.baseAddress!, out = py.baseAddress!
            for i in 0..<n { let v = src[i]; th[i] = c * (v + a * v * v * v) }
            tanhInPlace(th, n)
            for i in 0..<n { out[i] = 0.5 * src[i] * (1 + th[i]) }
        }}}
        tanhU = t
        return Tensor(shape: x.shape, scalars: y)
    }

    /// ∂L/∂x = ∂L/∂y ⊙ (½(1 + t) + ½ x (1 − t²) √(2/π)(1 + 3·0.044715 x²)).
    public func backward(_ dOutput: Tensor) -> Tensor {
        check(dOutput.shape == input.shape, "GELU.backward: gradient \(dOutput.shape) vs input \(input.shape)")
        let n = input.count
        var dx = uninitializedFloats(n)
        let (c, a) = (GELU.c, GELU.a)
        input.scalars.withUnsafeBufferPointer { px in
        tanhU.withUnsafeBufferPointer { pt in
        dOutput.scalars.withUnsafeBufferPointer { pg in
        dx.withUnsafeMutableBufferPointer { pd in
            for i in 0..<n {
                let v = px[i], t = pt[i]
                let du = c * (1 + 3 * a * v * v)
                pd[i] = pg[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * du)
            }
        }}}}
        return Tensor(shape: input.shape, scalars: dx)
    }
}
