// Fixed-digit number formatting for anything a chapter prints and the book verifies: the same
// text on every platform and locale, with no Foundation `String(format:)`.

/// The text of `x` rounded to `digits` decimals, the same on every platform and locale:
/// `fixedDigits(0.69314, 3)` is `"0.693"`.
///
/// Computes n = round(|x| · 10^digits), half away from zero, in `Double`, and writes n's
/// digits with a decimal point `digits` places from the right. Rounding acts on the binary
/// value, so a decimal tie may go either way (`fixedDigits(0.125, 2)` is `"0.13"`, but 1.005 is
/// stored below 1.005 and gives `"1.00"`). Negative zero after rounding prints as `"0.000"`.
/// Values too large for the integer path (|x|·10^digits ≥ 2⁵³) and non-finite values fall back
/// to Swift's shortest description (`"inf"`, `"nan"`, `"1e+20"`). `digits` must be in `0...15`.
/// Uses no Foundation and no C library, so it is safe for everything the book verifies.
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

/// The text of a `Float` rounded to `digits` decimals: ``fixedDigits(_:_:)-(Double,_)`` of
/// `Double(x)`, which is exact.
///
/// Rounds the `Float`'s exact binary value, so `fixedDigits(Float(0.1), 9)` is `"0.100000001"`.
public func fixedDigits(_ x: Float, _ digits: Int) -> String { fixedDigits(Double(x), digits) }
