import Foundation

/// How a snippet's actual output is compared with its ```` ```output ```` block.
///
/// Without a tolerance the text must match exactly (a missing final newline is forgiven, since
/// a Markdown block always ends with one). With `tolerance=t`, both texts are split into
/// numbers and the text between them; the text must match exactly, and each expected number
/// `e` constrains the actual number `a` printed in its place according to how `e` is written:
///
/// - with an exponent (`2.95e-07`): relatively, |a − e| ≤ t · |e| — an exponent says that the
///   significant digits matter, however small the number;
/// - with a decimal point (`0.1622`, `13.6`): |a − e| ≤ t · max(1, |e|) — absolute below 1,
///   relative above;
/// - as an integer (`1600`, `27`): exactly — counts do not wobble.
public enum OutputComparison {
    /// Normalizes a program's output the way a Markdown block would hold it: `\r\n` and a lone
    /// `\r` become `\n`, and a final newline is added when missing.
    public static func normalize(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if !(scalar == "\n" && previousWasCR) { scalars.append(scalar) }
            previousWasCR = false
        }
        var result = String(scalars)
        if !result.isEmpty, result.utf8.last != UInt8(ascii: "\n") { result += "\n" }
        return result
    }

    /// Whether the actual output matches the block. Text is compared byte for byte: Swift's `==`
    /// on strings treats canonically equivalent text (é as one scalar or as e + accent) as equal,
    /// and a block must show exactly what was printed.
    public static func matches(expected: String, actual: String, tolerance: Double?) -> Bool {
        let expected = normalize(expected), actual = normalize(actual)
        guard let tolerance else { return expected.utf8.elementsEqual(actual.utf8) }
        let e = tokens(expected), a = tokens(actual)
        guard e.count == a.count else { return false }
        for (x, y) in zip(e, a) {
            switch (x, y) {
            case let (.text(s), .text(t)):
                if !s.utf8.elementsEqual(t.utf8) { return false }
            case let (.number(literal, ev), .number(_, av)):
                if !(abs(av - ev) <= allowedDifference(expected: literal, value: ev, tolerance: tolerance)) { return false }
            default:
                return false
            }
        }
        return true
    }

    /// How far a number printed in place of `literal` (whose value is `value`) may be from it.
    static func allowedDifference(expected literal: String, value: Double, tolerance: Double) -> Double {
        if literal.contains("e") || literal.contains("E") { return tolerance * abs(value) }
        if literal.contains(".") { return tolerance * max(1, abs(value)) }
        return 0
    }

    enum Token: Equatable {
        case text(String)
        case number(String, Double)
    }

    /// Splits text into numbers (`-1.5e-3`, `42`, `.5`) and the text around them.
    /// A sign belongs to a number only when it does not follow a letter, digit or `.`,
    /// so that `x -1` holds the number -1 but `t-1` and `3-1` hold a minus sign and 1.
    static func tokens(_ text: String) -> [Token] {
        let chars = Array(text.unicodeScalars)
        var result: [Token] = []
        var plain = ""
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].properties.numericType == .decimal && chars[k].isASCII }
        while i < chars.count {
            var j = i
            let previous: Unicode.Scalar? = i > 0 ? chars[i - 1] : nil
            let signAllowed = previous.map { !($0.properties.isAlphabetic || ($0.isASCII && $0.properties.numericType == .decimal) || $0 == ".") } ?? true
            if (chars[j] == "-" || chars[j] == "+"), signAllowed, isDigit(j + 1) || (j + 1 < chars.count && chars[j + 1] == "." && isDigit(j + 2)) {
                j += 1
            }
            let digitsStart = j
            while isDigit(j) { j += 1 }
            var hasDigits = j > digitsStart
            if j < chars.count, chars[j] == ".", isDigit(j + 1) || hasDigits {
                j += 1
                let fraction = j
                while isDigit(j) { j += 1 }
                hasDigits = hasDigits || j > fraction
            }
            let previousIsWordy = previous.map { $0.properties.isAlphabetic || $0 == "_" } ?? false
            if hasDigits, !(previousIsWordy && digitsStart == i) {
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if isDigit(k) {
                        while isDigit(k) { k += 1 }
                        j = k
                    }
                }
                var literal = ""
                literal.unicodeScalars.append(contentsOf: chars[i..<j])
                if let value = Double(literal) {
                    if !plain.isEmpty { result.append(.text(plain)); plain = "" }
                    result.append(.number(literal, value))
                    i = j
                    continue
                }
            }
            plain.unicodeScalars.append(chars[i])
            i += 1
        }
        if !plain.isEmpty { result.append(.text(plain)) }
        return result
    }
}
