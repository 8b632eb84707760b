// Fixed-digit number formatting for anything a chapter prints and the book verifies: the same
// text on every platform and locale, with no Foundation `String(format:)`.

/// `x` rounded to `digits` decimals (half away from zero), e.g. `fixedDigits(0.69314, 3)` is
/// "0.693". Negative zero after rounding prints as "0.000". Values too large for the integer
/// path (|x|·10^digits ≥ 2⁵³) and non-finite values fall back to Swift's shortest description.
public func fixedDigits(_ x: Double, _ digits: Int) -> String {
    check(digits >= 0 && digits <= 15, "fixedDigits: digits must be in 0...15, got \(digits)")
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (x.magnitude * scale).rounded(.toNearestOrAwayFromZero)
    guard x.isFinite, scaled < 9_007_199_254_740_992 else { return "\(x)" }
    let n = UInt64(scaled)
    let p = UInt64(scale)
    let whole = n / p, fraction = n % p
    let sign = (x < 0 && n != 0) ? "-" : ""
    if digits == 0 { return sign + "\(whole)" }
    let f = String(fraction)
    return sign + "\(whole)." + String(repeating: "0", count: digits - f.count) + f
}

/// Float overload of `fixedDigits(_:_:)`.
public func fixedDigits(_ x: Float, _ digits: Int) -> String { fixedDigits(Double(x), digits) }
