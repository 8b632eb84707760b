// What generation needs: turn a model's logits into a next-token distribution at a temperature,
// draw from it with a seeded generator, and measure how spread out it is.
//
//   p_i(τ) = e^{z_i/τ} / Σ_j e^{z_j/τ}          (τ → 0: the argmax; τ = 1: the model; τ → ∞: uniform)
//   H(p) = −Σ_i p_i log₂ p_i   bits             (0 for a certain choice, log₂ V for uniform)
//
// Everything runs in Double with PortableMath's exp and log, sums in index order: a seeded
// sample is the same text on every machine.

/// The softmax of `logits / temperature`, in Double: a probability vector summing to 1.
///
/// `temperature` must be positive; the logits are shifted by their maximum first, so no exp
/// overflows.
public func temperatureSoftmax(_ logits: [Float], temperature: Double = 1) -> [Double] {
    check(temperature > 0, "temperatureSoftmax: temperature must be positive, got \(temperature)")
    check(!logits.isEmpty, "temperatureSoftmax: needs at least one logit")
    let m = Double(logits.max()!)
    var p = logits.map { PortableMath.exp((Double($0) - m) / temperature) }
    var sum = 0.0
    for v in p { sum += v }
    for i in 0..<p.count { p[i] /= sum }
    return p
}

/// H(p) = −Σ pᵢ log₂ pᵢ, in bits (terms with pᵢ = 0 contribute 0).
public func entropyBits(_ p: [Double]) -> Double {
    var h = 0.0
    for v in p where v > 0 { h -= v * PortableMath.log(v) }
    return h / PortableMath.log(2)
}

extension SeededGenerator {
    /// An index drawn with probability `p[i]` (inverse transform: the first i whose running
    /// sum exceeds one uniform draw in [0, 1)).
    ///
    /// `p` must be non-negative; it need not sum exactly to 1 (the draw is scaled by its sum).
    /// One `uniformDouble()` per call, so a seed fixes the whole sequence of draws.
    public mutating func categorical(_ p: [Double]) -> Int {
        check(!p.isEmpty && p.allSatisfy { $0 >= 0 }, "categorical: needs non-negative probabilities, got \(p.count)")
        var total = 0.0
        for v in p { total += v }
        check(total > 0, "categorical: probabilities sum to 0")
        let u = uniformDouble() * total
        var running = 0.0
        var last = 0
        for (i, v) in p.enumerated() where v > 0 {
            running += v
            last = i
            if u < running { return i }
        }
        return last     // u within rounding of the total: the last possible index
    }
}
