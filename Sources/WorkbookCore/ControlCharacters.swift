/// Characters an output block or a snippet cannot hold: they are invisible in a terminal diff,
/// and most are not allowed in the site's XHTML. The one home of the rule, used by the parser,
/// the verifier and the diffs.
///
/// Tab, line feed and carriage return are allowed (a carriage return in output becomes a line
/// break, see ``OutputComparison/normalize(_:)``).
public enum ControlCharacters {
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0xFFFE, 0xFFFF: return true
        default: return false
        }
    }

    /// The first control character of `text`, if any.
    public static func first(in text: Substring) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// `U+001B (ESC)`, for messages.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let names = ["NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
                     "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"]
        let digits = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        if scalar.value < 0x20 { return "\(code) (\(names[Int(scalar.value)]))" }
        if scalar.value == 0x7F { return "\(code) (DEL)" }
        return code
    }

    /// How a diff shows the character: the Unicode control picture (␛ for ESC, ␀ for NUL,
    /// ␡ for DEL), or `⟨U+0085⟩` for the others.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        if scalar.value < 0x20 { return String(Character(Unicode.Scalar(0x2400 + scalar.value)!)) }
        if scalar.value == 0x7F { return "␡" }
        return "⟨\(name(scalar))⟩"
    }
}
