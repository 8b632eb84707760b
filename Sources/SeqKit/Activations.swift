// The Float exp, sigmoid and tanh live in Sources/CPortableMath/include/CPortableMath.h
// (cpm_expf_clamped, cpm_sigmoidf, cpm_tanhf): one home for the formulas, the same bits on every
// platform, no libm call per element. They are `static inline` C, so these plain loops over
// pointers inline them and LLVM vectorises the result into straight SIMD code (Swift's generic
// SIMD conversions, min/max and masks compiled to out-of-line calls: 40 % of an LSTM step).
//
// exp is the Cephes `expf` scheme: x = n·ln2 + r with |r| ≤ ln2/2, a degree-6 polynomial for
// e^r, 2ⁿ assembled in the exponent bits, input clamped to [−87, 88].
import CPortableMath

/// e^x for x clamped to [−87, 88] (the range where 2ⁿ is a normal Float).
@inline(__always) @usableFromInline
func fastExp(_ x: Float) -> Float { cpm_expf_clamped(x) }

/// σ(x) = 1 / (1 + e^(−x)).
@inline(__always) @usableFromInline
func fastSigmoid(_ x: Float) -> Float { cpm_sigmoidf(x) }

/// tanh(x) = sign(x) · (1 − e^(−2|x|)) / (1 + e^(−2|x|)); the form with a negative exponent
/// never overflows. Near 0 its absolute error is about one ulp of 1 (≈ 6e-8).
@inline(__always) @usableFromInline
func fastTanh(_ x: Float) -> Float { cpm_tanhf(x) }

// Whole-buffer entry points. Layers in other files call these rather than the scalar functions:
// a debug build (`swift test`) compiles each file separately, so a scalar function from another
// file could not be inlined into the caller's loop — here the loop and the function are in one
// file and vectorise together (measured in a debug build: LSTM step 10.2 ms before, 5.6 ms after).

/// σ applied in place to `count` floats.
@usableFromInline
func sigmoidInPlace(_ p: UnsafeMutablePointer<Float>, _ count: Int) { applyInPlace(p, count, fastSigmoid) }

/// tanh applied in place to `count` floats.
@usableFromInline
func tanhInPlace(_ p: UnsafeMutablePointer<Float>, _ count: Int) { applyInPlace(p, count, fastTanh) }

/// dst = tanh(src) for `count` floats.
@usableFromInline
func tanh(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, _ count: Int) { apply(src, dst, count, fastTanh) }

/// e^x applied in place to `count` floats.
@usableFromInline
func expInPlace(_ p: UnsafeMutablePointer<Float>, _ count: Int) { applyInPlace(p, count, fastExp) }

/// Applies `f` in place to `count` floats.
@inline(__always) @usableFromInline
func applyInPlace(_ p: UnsafeMutablePointer<Float>, _ count: Int, _ f: (Float) -> Float) {
    for i in 0..<count { p[i] = f(p[i]) }
}

/// Applies `f` from `src` to `dst` for `count` floats.
@inline(__always) @usableFromInline
func apply(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int, _ f: (Float) -> Float) {
    for i in 0..<count { dst[i] = f(src[i]) }
}

/// Elementwise activation functions used by layers (Keras names).
public enum Activation: String, Sendable {
    /// The identity, f(x) = x; ∂f/∂x = 1. Keras' `"linear"`, the default of ``Dense``.
    case linear
    /// f(x) = max(x, 0); ∂f/∂x = 1 for x > 0, else 0 (0 at x = 0, taken from the output).
    case relu
    /// σ(x) = 1 / (1 + e^(−x)), elementwise; ∂σ/∂x = σ(1 − σ).
    ///
    /// Computed with SeqKit's own exp (CPortableMath, the same bits on every platform), not libm.
    case sigmoid
    /// tanh(x) = sign(x) · (1 − e^(−2|x|)) / (1 + e^(−2|x|)), elementwise; ∂/∂x = 1 − tanh².
    ///
    /// SeqKit's own exp (no libm); near 0 its absolute error is about one ulp of 1 (≈ 6e-8).
    case tanh
    /// softmax(x)ⱼ = e^(xⱼ − m) / Σₖ e^(xₖ − m), m the row maximum, over the last axis;
    /// ∂L/∂xⱼ = yⱼ (gⱼ − Σₖ gₖ yₖ).
    ///
    /// Unlike the other cases it is not elementwise: each row (last axis) sums to 1.
    case softmax

    /// Applies the activation to a batch, rows along the last axis (softmax is per row).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        var y = x
        switch self {
        case .linear: break
        case .relu: y = x.map { max($0, 0) }
        case .sigmoid:
            y.scalars.withUnsafeMutableBufferPointer { applyInPlace($0.baseAddress!, $0.count, fastSigmoid) }
        case .tanh:
            y.scalars.withUnsafeMutableBufferPointer { applyInPlace($0.baseAddress!, $0.count, fastTanh) }
        case .softmax:
            y = softmaxRows(x)
        }
        return y
    }

    /// Given the activation's output `y` and ∂L/∂y, returns ∂L/∂x.
    public func backward(output y: Tensor, gradient dy: Tensor) -> Tensor {
        switch self {
        case .linear: return dy
        case .relu: return Tensor(shape: dy.shape, scalars: zip(y.scalars, dy.scalars).map { $0 > 0 ? $1 : 0 })
        case .sigmoid: return Tensor(shape: dy.shape, scalars: zip(y.scalars, dy.scalars).map { $1 * $0 * (1 - $0) })
        case .tanh: return Tensor(shape: dy.shape, scalars: zip(y.scalars, dy.scalars).map { $1 * (1 - $0 * $0) })
        case .softmax:
            // ∂L/∂x_j = y_j (g_j − Σ_k g_k y_k), row by row.
            let c = y.shape.last ?? 1
            var dx = dy.scalars
            for r in 0..<(y.count / c) {
                var dot: Float = 0
                for j in 0..<c { dot += dy.scalars[r * c + j] * y.scalars[r * c + j] }
                for j in 0..<c { dx[r * c + j] = y.scalars[r * c + j] * (dy.scalars[r * c + j] - dot) }
            }
            return Tensor(shape: dy.shape, scalars: dx)
        }
    }
}

/// Softmax over the last axis, shifted by the row maximum so e^x never overflows.
public func softmaxRows(_ x: Tensor) -> Tensor {
    let c = x.shape.last ?? 1
    var out = x.scalars
    out.withUnsafeMutableBufferPointer { buf in
        for r in 0..<(x.count / c) {
            let row = buf.baseAddress! + r * c
            var m = -Float.infinity
            for j in 0..<c { m = max(m, row[j]) }
            for j in 0..<c { row[j] -= m }
            applyInPlace(row, c, fastExp)
            var s: Float = 0
            for j in 0..<c { s += row[j] }
            let inv = 1 / s
            for j in 0..<c { row[j] *= inv }
        }
    }
    return Tensor(shape: x.shape, scalars: out)
}

/// σ(x) for one value, the same arithmetic as the vector path (used by losses).
@inlinable
public func sigmoid(_ x: Float) -> Float {
    fastSigmoid(x)
}
