/// Small helpers for fixed-width terminal renderings.
enum TerminalText {
    /// `text` cut to `width` characters, the last one replaced by `…` when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        let line = Escaping.singleLine(text)
        return line.count <= width ? line : String(line.prefix(width - 1)) + "…"
    }

    static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    static func padRight(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// `text` centred in `width` columns (extra space goes right), without trailing spaces.
    static func center(_ text: String, in width: Int) -> String {
        let cut = truncate(text, to: width)
        return String(repeating: " ", count: max(0, (width - cut.count) / 2)) + cut
    }

    /// Lines joined by `\n`, each without trailing spaces.
    static func join(_ lines: [String]) -> String {
        lines.map { line in
            var trimmed = line
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed
        }.joined(separator: "\n")
    }

    /// A line of `width` spaces in which labels are placed at columns without overlapping.
    struct LabelLine {
        private var characters: [Character]
        private var lastEnd = -1

        init(width: Int) { characters = Array(repeating: " ", count: max(0, width)) }

        /// Places `label` centred on `column` (shifted to stay inside the line) unless it would
        /// touch the previous label; returns whether it was placed.
        @discardableResult
        mutating func place(_ label: String, centeredAt column: Int) -> Bool {
            let count = label.count
            guard count <= characters.count else { return false }
            let start = min(max(0, column - count / 2), characters.count - count)
            guard lastEnd < 0 || start > lastEnd + 1 else { return false }
            for (offset, character) in label.enumerated() { characters[start + offset] = character }
            lastEnd = start + count - 1
            return true
        }

        var text: String { String(characters) }
    }
}
