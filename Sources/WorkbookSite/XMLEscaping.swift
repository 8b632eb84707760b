import CommonMark

/// Escaping for text and attribute values in XHTML-compatible HTML5 and MathML.
///
/// Everything the site writes goes through these two functions, so a snippet that prints
/// `<script>` shows that text and every page stays well-formed XML.
public enum XMLEscaping {
    /// Escapes `&`, `<` and `>` for element content.
    public static func text(_ string: String) -> String {
        guard string.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E }) else { return string }
        var out = ""
        out.reserveCapacity(string.utf8.count + 16)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for a double-quoted attribute value.
    public static func attribute(_ string: String) -> String {
        escapeHTML(string)
    }
}
