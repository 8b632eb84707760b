/// Escaping for text and attribute values in XHTML-compatible HTML5 and MathML: the one home of
/// escaping for everything the site writes.
///
/// Besides `& < > " '`, it makes any string safe for XML 1.0: characters XML forbids (the C0
/// controls other than tab, line feed and carriage return; U+FFFE, U+FFFF) become their visible
/// Control Pictures (U+2400…) or U+FFFD, and a carriage return becomes a line feed, so a snippet
/// that prints `\u{1B}[0m` or a CRLF chapter still gives well-formed pages.
public enum XMLEscaping {
    /// Escapes `&`, `<` and `>` for element content.
    public static func text(_ string: String) -> String {
        escape(string, quotes: false)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'` for a double-quoted attribute value.
    public static func attribute(_ string: String) -> String {
        escape(string, quotes: true)
    }

    private static func escape(_ string: String, quotes: Bool) -> String {
        let needsWork = string.utf8.contains { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte < 0x20 || byte == 0xEF || (quotes && (byte == 0x22 || byte == 0x27))
        }
        guard needsWork else { return string }
        var out = ""
        out.reserveCapacity(string.utf8.count + 16)
        var previous: Unicode.Scalar?
        for scalar in string.unicodeScalars {
            defer { previous = scalar }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            case "\t": out.unicodeScalars.append(scalar)
            case "\n": if previous != "\r" { out += "\n" }
            case "\r": out += "\n"
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default:
                if scalar.value < 0x20 {
                    out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Undoes `text` and `attribute` for the five entities they write (and `&apos;`).
    static func unescape(_ string: String) -> String {
        guard string.contains("&") else { return string }
        return string.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">")
            .replacingAll("&quot;", with: "\"").replacingAll("&#39;", with: "'")
            .replacingAll("&apos;", with: "'").replacingAll("&amp;", with: "&")
    }

    /// `text` as a valid id token: ASCII letters, digits and `-`, never starting with a digit.
    static func idToken(_ text: String) -> String {
        var token = String(text.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }.map(Character.init))
        if token.first.map({ !$0.isLetter }) ?? true { token = "x" + token }
        return token
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func trimmingWhitespace() -> String {
        // Only the ends are looked at (a figure's SVG is long; walking all of it is slow).
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
