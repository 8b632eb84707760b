/// The global L2 norm of all gradients, ‖g‖ = √(Σₚ Σᵢ gₚᵢ²), over every parameter's
/// ``Parameter/gradient``.
///
/// Accumulated in `Double`, parameters and elements in order, then rounded to `Float` once:
/// the same on every build. Plotting it per step shows exploding or vanishing gradients.
public func globalGradientNorm(_ parameters: [Parameter]) -> Float {
    var s = 0.0
    for p in parameters { for g in p.gradient.scalars { s += Double(g) * Double(g) } }
    return Float(s.squareRoot())
}

/// Rescales all gradients by maxNorm / ‖g‖ when the global norm ‖g‖ exceeds maxNorm, keeping
/// their direction, and returns ‖g‖ before clipping.
///
/// g ← g · min(1, maxNorm / ‖g‖), with ‖g‖ from ``globalGradientNorm(_:)`` (Pascanu, Mikolov
/// & Bengio 2013, "On the difficulty of training recurrent neural networks"). `maxNorm` must be
/// positive. The optimizers do this themselves when given `globalClipNorm:`; call it directly
/// only in a hand-written training loop, between `backward` and the update.
@discardableResult
public func clipGradientsByGlobalNorm(_ parameters: [Parameter], maxNorm: Float) -> Float {
    check(maxNorm > 0, "clipGradientsByGlobalNorm: maxNorm must be positive, got \(maxNorm)")
    let norm = globalGradientNorm(parameters)
    if norm > maxNorm {
        let s = maxNorm / norm
        for p in parameters {
            p.gradient.scalars.withUnsafeMutableBufferPointer { g in for i in 0..<g.count { g[i] *= s } }
        }
    }
    return norm
}
