/// Global L2 norm of all gradients, √(Σ g²), accumulated in Double.
public func globalGradientNorm(_ parameters: [Parameter]) -> Float {
    var s = 0.0
    for p in parameters { for g in p.gradient.scalars { s += Double(g) * Double(g) } }
    return Float(s.squareRoot())
}

/// Rescales all gradients by maxNorm / ‖g‖ when the global norm ‖g‖ exceeds maxNorm
/// (Pascanu, Mikolov & Bengio 2013, "On the difficulty of training recurrent neural networks"),
/// keeping their direction. Returns the norm before clipping.
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
