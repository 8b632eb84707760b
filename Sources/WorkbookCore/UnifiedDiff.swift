/// A line diff in the unified format, with whitespace made visible on changed lines:
/// tabs as `→`, trailing spaces as `·`, carriage returns as `␍`, and every space as `·` when
/// a changed line differs from its counterpart only in whitespace. Control characters are
/// shown as their control pictures (`␛`, `␀`; see ``ControlCharacters``) on every line, so a
/// diff never sends raw escapes to the terminal.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`, and are compared byte for byte.
public enum UnifiedDiff {
    public static func diff(expected: String, actual: String, expectedName: String = "expected", actualName: String = "actual", context: Int = 3) -> String {
        let a = lines(expected), b = lines(actual)
        let script = editScript(a, b)
        var output = "--- \(expectedName)\n+++ \(actualName)\n"
        // Group edits into hunks with `context` unchanged lines around each change.
        var index = 0
        while index < script.count {
            guard let change = script[index...].firstIndex(where: { $0.kind != .same }) else { break }
            var end = change
            while true {
                guard let next = script[(end + 1)...].firstIndex(where: { $0.kind != .same }),
                      next - end <= 2 * context + 1 else { break }
                end = next
            }
            let start = max(index, change - context)
            let stop = min(script.count - 1, end + context)
            let hunk = script[start...stop]
            let oldStart = hunk.first.map { $0.oldLine } ?? 0
            let newStart = hunk.first.map { $0.newLine } ?? 0
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .delete }.count
            output += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            let removed = hunk.filter { $0.kind == .delete }.map { a[$0.oldLine] }
            let added = hunk.filter { $0.kind == .insert }.map { b[$0.newLine] }
            let whitespaceOnly = !removed.isEmpty && removed.map(squeezed) == added.map(squeezed)
            for edit in hunk {
                switch edit.kind {
                case .same: output += " " + visible(a[edit.oldLine], whitespace: false) + "\n"
                case .delete: output += "-" + visible(a[edit.oldLine], allSpaces: whitespaceOnly) + "\n"
                case .insert: output += "+" + visible(b[edit.newLine], allSpaces: whitespaceOnly) + "\n"
                }
            }
            index = stop + 1
        }
        return output
    }

    /// The lines of `text`, split at `\n`, `\r\n` and `\r` (a `Character` split would not split
    /// `\r\n`, a single grapheme in Swift).
    static func lines(_ text: String) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if byte == UInt8(ascii: "\r"), bytes.first == UInt8(ascii: "\n") { bytes.removeFirst() }
                result.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func squeezed(_ line: [UInt8]) -> [Unicode.Scalar] {
        String(decoding: line, as: UTF8.self).unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\r" && $0 != "\u{A0}" }
    }

    /// `line` as a terminal can show it: control characters as pictures, and, with
    /// `whitespace`, tabs, no-break spaces and trailing (or, with `allSpaces`, all) spaces marked.
    public static func visible(_ line: String, whitespace: Bool = true, allSpaces: Bool = false) -> String {
        visible(Array(line.utf8), whitespace: whitespace, allSpaces: allSpaces)
    }

    static func visible(_ line: [UInt8], whitespace: Bool = true, allSpaces: Bool = false) -> String {
        let scalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
        var trailingStart = scalars.count
        while trailingStart > 0, scalars[trailingStart - 1] == " " || scalars[trailingStart - 1] == "\t" { trailingStart -= 1 }
        var result = ""
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "\t" where whitespace: result += "→"
            case "\r": result += "␍"
            case "\u{A0}" where whitespace: result += "⍽"
            case " " where whitespace && (allSpaces || i >= trailingStart): result += "·"
            case _ where ControlCharacters.isControl(scalar): result += ControlCharacters.visible(scalar)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    struct Edit {
        enum Kind { case same, delete, insert }
        var kind: Kind
        var oldLine: Int
        var newLine: Int
    }

    /// The shortest edit script by longest common subsequence, after setting aside the lines
    /// the two texts share at their start and end (so one changed line in a long output costs
    /// one line of work, not the product of the lengths).
    static func editScript(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Edit] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var edits = (0..<prefix).map { Edit(kind: .same, oldLine: $0, newLine: $0) }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        edits += middleScript(middleA, middleB).map { Edit(kind: $0.kind, oldLine: $0.oldLine + prefix, newLine: $0.newLine + prefix) }
        edits += (0..<suffix).map { Edit(kind: .same, oldLine: a.count - suffix + $0, newLine: b.count - suffix + $0) }
        return edits
    }

    private static func middleScript(_ a: [[UInt8]], _ b: [[UInt8]]) -> [Edit] {
        let n = a.count, m = b.count
        guard n * m <= 4_000_000 else {
            // Too large to align cheaply: show all of one, then all of the other.
            return (0..<n).map { Edit(kind: .delete, oldLine: $0, newLine: 0) } + (0..<m).map { Edit(kind: .insert, oldLine: n, newLine: $0) }
        }
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
                }
            }
        }
        var edits: [Edit] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                edits.append(Edit(kind: .same, oldLine: i, newLine: j)); i += 1; j += 1
            } else if i < n, j == m || lcs[i + 1][j] >= lcs[i][j + 1] {
                edits.append(Edit(kind: .delete, oldLine: i, newLine: j)); i += 1
            } else {
                edits.append(Edit(kind: .insert, oldLine: i, newLine: j)); j += 1
            }
        }
        return edits
    }
}
