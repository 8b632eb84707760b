/// Locale-free, platform-free number formatting for everything a figure writes.
///
/// `String(format:)` and `NumberFormatter` depend on the locale and on the C library;
/// these functions use only integer arithmetic on the rounded value, so the same `Double`
/// gives the same characters on every machine.
enum NumberFormat {
    /// `value` rounded to `decimals` places, half away from zero: `fixed(2.5, decimals: 2)` is `"2.50"`.
    ///
    /// With `trimZeros`, trailing zeros (and a bare point) are dropped: `"2.5"`, `"3"`.
    /// Negative values that round to zero print as `"0"`, never `"-0"`.
    /// Magnitudes too large for exact integer arithmetic fall back to `significant(_:digits:)`.
    static func fixed(_ value: Double, decimals: Int, trimZeros: Bool = false) -> String {
        if !((0...9).contains(decimals)) { fatalError("fixed: decimals must be in 0...9, got \(decimals)") }
        guard value.isFinite else { return nonFinite(value) }
        let unit = UInt64(powerOfTen(decimals))
        let scaled = (value.magnitude * Double(unit)).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else { return significant(value, digits: 15) }
        let n = UInt64(scaled)
        var fraction = ""
        if decimals > 0 {
            let digits = String(n % unit)
            fraction = String(repeating: "0", count: decimals - digits.count) + digits
            if trimZeros {
                while fraction.hasSuffix("0") { fraction.removeLast() }
            }
        }
        let sign = (value < 0 && n != 0) ? "-" : ""
        return sign + String(n / unit) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A coordinate in an SVG: two decimals, trailing zeros dropped (`12.5`, `300`, `-0.25`).
    static func coordinate(_ value: Double) -> String {
        fixed(value, decimals: 2, trimZeros: true)
    }

    /// `value` with `digits` significant digits, trailing zeros dropped.
    ///
    /// Plain notation for magnitudes in [1e-4, 1e6), otherwise `1.5e-7`, `2.35e9`. In plain notation the
    /// integer digits are never rounded away: 16896 stays `16896` with 4 digits (a count reads better exact).
    static func significant(_ value: Double, digits: Int = 4) -> String {
        if !((1...15).contains(digits)) { fatalError("significant: digits must be in 1...15, got \(digits)") }
        guard value.isFinite else { return nonFinite(value) }
        if value == 0 { return "0" }
        var exponent = decadeExponent(of: value.magnitude)
        // Rounding to `digits` digits may carry into the next decade: 9.99996 → 10.000.
        let rounded = (value.magnitude / powerOfTen(exponent - digits + 1)).rounded(.toNearestOrAwayFromZero)
        if rounded >= powerOfTen(digits) { exponent += 1 }
        if (-4..<6).contains(exponent) {
            return fixed(value, decimals: max(0, min(9, digits - 1 - exponent)), trimZeros: true)
        }
        let mantissa = value / powerOfTen(exponent)
        return fixed(mantissa, decimals: min(9, digits - 1), trimZeros: true) + "e" + String(exponent)
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf")
    }
}

/// 10 to the power `exponent`, computed by exact multiplication (exact up to 1e22),
/// so results never depend on the platform's `pow`.
func powerOfTen(_ exponent: Int) -> Double {
    var result = 1.0
    for _ in 0..<exponent.magnitude { result *= 10 }
    return exponent >= 0 ? result : 1 / result
}

/// The decade of a positive number: `e` such that 10^e ≤ x < 10^(e+1).
///
/// Found by comparison rather than `log10`, so powers of ten land in the right decade everywhere.
func decadeExponent(of x: Double) -> Int {
    if !(x > 0 && x.isFinite) { fatalError("decadeExponent: needs a positive finite number, got \(x)") }
    var exponent = 0
    while x >= powerOfTen(exponent + 1) { exponent += 1 }
    while x < powerOfTen(exponent) { exponent -= 1 }
    return exponent
}
