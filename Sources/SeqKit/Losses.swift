// Loss functions: each returns the mean loss and its gradient with respect to the prediction,
// side by side. Means are taken over all elements (MSE, binary) or over samples (softmax), which
// equals Keras' "sum over batch size" reduction of a per-sample mean.
// exp, log and log1p are PortableMath's (no platform libm: the same bits everywhere).
import CPortableMath

/// A training loss: maps a prediction `p` and a target `y` of the same shape (or, for sparse
/// softmax, class ids) to a mean loss and its gradient ∂loss/∂p.
///
/// Each case states its formula; `n` is the number of elements for MSE and the binary losses,
/// and the number of samples (rows of the `(…, classes)` logits) for the softmax losses, which
/// equals Keras' "sum over batch size" reduction of a per-sample mean.
///
/// Caveat: `.binaryCrossEntropy` clips probabilities to [1e−7, 1 − 1e−7] like Keras, so its
/// loss differs from the unclipped formula near 0 and 1 and its gradient is 0 outside the
/// clip range; prefer
/// `.binaryCrossEntropyFromLogits` after a linear layer.
public enum Loss: Sendable {
    /// mean((p − y)²); ∂/∂p = 2(p − y)/n.
    case meanSquaredError
    /// Binary cross-entropy on probabilities (after a sigmoid), clipped to [1e−7, 1 − 1e−7] as
    /// Keras does: −mean(y log p + (1 − y) log(1 − p)).
    case binaryCrossEntropy
    /// Binary cross-entropy on logits z, stable for any z:
    /// max(z, 0) − z·y + log(1 + e^(−|z|)); ∂/∂z = (σ(z) − y)/n.
    case binaryCrossEntropyFromLogits
    /// Softmax cross-entropy on logits `(…, classes)` against one-hot (or any probability)
    /// targets of the same shape: −mean_n Σ_c y log softmax(z); ∂/∂z = (softmax(z) − y)/n.
    case softmaxCrossEntropy
    /// Softmax cross-entropy on logits `(…, classes)` against integer class ids (as Floats) of
    /// shape `(…)`.
    case sparseSoftmaxCrossEntropy

    /// Keras-style name, used in progress lines.
    public var name: String {
        switch self {
        case .meanSquaredError: "mean_squared_error"
        case .binaryCrossEntropy, .binaryCrossEntropyFromLogits: "binary_crossentropy"
        case .softmaxCrossEntropy: "categorical_crossentropy"
        case .sparseSoftmaxCrossEntropy: "sparse_categorical_crossentropy"
        }
    }

    /// The mean loss and ∂loss/∂prediction.
    public func callAsFunction(_ prediction: Tensor, _ target: Tensor) -> (value: Float, gradient: Tensor) {
        switch self {
        case .meanSquaredError:
            Tensor.zipShapes(prediction, target, "meanSquaredError")
            let n = Float(prediction.count)
            var sum = 0.0
            var g = prediction.scalars
            for i in 0..<g.count {
                let e = prediction.scalars[i] - target.scalars[i]
                sum += Double(e * e)
                g[i] = 2 * e / n
            }
            return (Float(sum / Double(n)), Tensor(shape: prediction.shape, scalars: g))

        case .binaryCrossEntropy:
            Tensor.zipShapes(prediction, target, "binaryCrossEntropy")
            let eps: Float = 1e-7
            let n = Float(prediction.count)
            var sum = 0.0
            var g = prediction.scalars
            for i in 0..<g.count {
                let raw = prediction.scalars[i], y = target.scalars[i]
                let p = min(max(raw, eps), 1 - eps)
                sum -= Double(y) * PortableMath.log(Double(p)) + Double(1 - y) * PortableMath.log(Double(1 - p))
                // Inside the clip range: ∂/∂p = (p − y) / (p (1 − p)); outside the clip is flat.
                g[i] = (raw == p) ? (p - y) / (p * (1 - p)) / n : 0
            }
            return (Float(sum / Double(n)), Tensor(shape: prediction.shape, scalars: g))

        case .binaryCrossEntropyFromLogits:
            Tensor.zipShapes(prediction, target, "binaryCrossEntropyFromLogits")
            let n = Float(prediction.count)
            var sum = 0.0
            var g = prediction.scalars
            for i in 0..<g.count {
                let z = Double(prediction.scalars[i]), y = Double(target.scalars[i])
                sum += max(z, 0) - z * y + PortableMath.log1p(PortableMath.exp(-abs(z)))
                g[i] = (sigmoid(prediction.scalars[i]) - target.scalars[i]) / n
            }
            return (Float(sum / Double(n)), Tensor(shape: prediction.shape, scalars: g))

        case .softmaxCrossEntropy:
            Tensor.zipShapes(prediction, target, "softmaxCrossEntropy")
            let c = prediction.shape.last ?? 1
            let rows = prediction.count / c
            let logp = logSoftmaxRows(prediction)
            var sum = 0.0
            var g = prediction.scalars
            for i in 0..<prediction.count {
                sum -= Double(target.scalars[i]) * Double(logp[i])
                g[i] = (Float(PortableMath.exp(Double(logp[i]))) - target.scalars[i]) / Float(rows)
            }
            return (Float(sum / Double(rows)), Tensor(shape: prediction.shape, scalars: g))

        case .sparseSoftmaxCrossEntropy:
            let (c, rows) = sparseShape(prediction, target)
            let lse = logSumExpRows(prediction)
            var g = uninitializedFloats(prediction.count)
            prediction.scalars.withUnsafeBufferPointer { pz in
                g.withUnsafeMutableBufferPointer { pg in
                    softmaxFromLogSumExp(pz.baseAddress!, lse, c, divisor: Float(rows), into: pg.baseAddress!)
                }
            }
            let sum = sparseNegativeLogLikelihood(prediction, target, lse, c)
            for r in 0..<rows { g[r * c + Int(target.scalars[r])] -= 1 / Float(rows) }
            return (Float(sum / Double(rows)), Tensor(shape: prediction.shape, scalars: g))
        }
    }

    /// The mean loss alone: the same bits as `callAsFunction(_:_:).value`, without the work of
    /// the gradient (what `Sequential.evaluate` needs).
    public func value(_ prediction: Tensor, _ target: Tensor) -> Float {
        guard case .sparseSoftmaxCrossEntropy = self else { return self(prediction, target).value }
        let (c, rows) = sparseShape(prediction, target)
        let sum = sparseNegativeLogLikelihood(prediction, target, logSumExpRows(prediction), c)
        return Float(sum / Double(rows))
    }

    /// Classes and rows of sparse softmax logits, checked against the targets' shape.
    private func sparseShape(_ prediction: Tensor, _ target: Tensor) -> (classes: Int, rows: Int) {
        let c = prediction.shape.last ?? 1
        let rows = prediction.count / c
        check(target.count == rows,
              "sparseSoftmaxCrossEntropy: targets \(target.shape) must be logits \(prediction.shape) without the class axis")
        return (c, rows)
    }

    /// −Σ_rows log softmax(z)[y], in Double and row order, each target checked to be a class id.
    private func sparseNegativeLogLikelihood(_ prediction: Tensor, _ target: Tensor, _ lse: [Double], _ c: Int) -> Double {
        var sum = 0.0
        for r in 0..<lse.count {
            let y = Int(target.scalars[r])
            check(Float(y) == target.scalars[r] && y >= 0 && y < c,
                  "sparseSoftmaxCrossEntropy: target \(target.scalars[r]) is not a class id in 0..<\(c)")
            sum -= Double(Float(Double(prediction.scalars[r * c + y]) - lse[r]))
        }
        return sum
    }
}

/// log softmax over the last axis: z − max − log Σ e^(z − max), in Double.
func logSoftmaxRows(_ z: Tensor) -> [Float] {
    let c = z.shape.last ?? 1
    let lse = logSumExpRows(z)
    var out = uninitializedFloats(z.count)
    z.scalars.withUnsafeBufferPointer { pz in
        out.withUnsafeMutableBufferPointer { po in
            for r in 0..<lse.count {
                for j in 0..<c { po[r * c + j] = Float(Double(pz[r * c + j]) - lse[r]) }
            }
        }
    }
    return out
}

// The softmax losses' exps are Double (PortableMath's exp, the same bits everywhere), and they
// are most of a character model's loss: 2·V per prediction. So they run as whole-buffer loops
// that call CPortableMath's `cpm_exp` directly (a `static inline` C function, inlined and
// vectorised here; `PortableMath.exp` lives in another file and stays a call per element in a
// debug build). Every sum is still taken in row order, so the bits are those of the scalar loop.

/// max + log Σⱼ e^(zⱼ − max) for every row of the last axis, the sum in Double, j in order.
func logSumExpRows(_ z: Tensor) -> [Double] {
    let c = z.shape.last ?? 1
    let rows = c == 0 ? 0 : z.count / c
    var lse = [Double](repeating: 0, count: rows)
    var shifted = [Double](repeating: 0, count: z.count)
    z.scalars.withUnsafeBufferPointer { pz in
    shifted.withUnsafeMutableBufferPointer { ps in
        let src = pz.baseAddress!, e = ps.baseAddress!
        var maxima = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            let row = src + r * c
            var m = -Float.infinity
            for j in 0..<c { m = max(m, row[j]) }
            maxima[r] = m
            for j in 0..<c { e[r * c + j] = Double(row[j] - m) }
        }
        for i in 0..<z.count { e[i] = cpm_exp(e[i]) }
        for r in 0..<rows {
            var s = 0.0
            for j in 0..<c { s += e[r * c + j] }
            lse[r] = Double(maxima[r]) + cpm_log(s)
        }
    }}
    return lse
}

/// out = Float(e^(log softmax(z))) / divisor, the loss gradient's softmax term, from the rows'
/// log-sum-exp: log softmax is rounded to Float first, as `logSoftmaxRows` gives it.
func softmaxFromLogSumExp(_ z: UnsafePointer<Float>, _ lse: [Double], _ c: Int, divisor: Float,
                          into out: UnsafeMutablePointer<Float>) {
    lse.withUnsafeBufferPointer { pl in
        for r in 0..<pl.count {
            let shift = pl[r], row = z + r * c, dst = out + r * c
            for j in 0..<c { dst[j] = Float(cpm_exp(Double(Float(Double(row[j]) - shift)))) / divisor }
        }
    }
}
