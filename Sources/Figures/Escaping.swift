/// Escaping for text that goes into XML (SVG) and HTML.
enum Escaping {
    /// `text` safe inside XML/HTML text and double- or single-quoted attribute values.
    ///
    /// Escapes `& < > " '`. Control characters other than tab, newline and carriage return are
    /// not allowed in XML 1.0 at all, so they become U+FFFD instead of breaking the document.
    static func xml(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` on one line: newlines and tabs become spaces (for titles in terminal output).
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
