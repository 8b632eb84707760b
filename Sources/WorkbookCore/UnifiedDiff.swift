/// A line diff in the unified format, with whitespace made visible on changed lines:
/// tabs as `→`, trailing spaces as `·`, carriage returns as `␍`, and every space as `·` when
/// a changed line differs from its counterpart only in whitespace.
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
                case .same: output += " " + a[edit.oldLine] + "\n"
                case .delete: output += "-" + visible(a[edit.oldLine], allSpaces: whitespaceOnly) + "\n"
                case .insert: output += "+" + visible(b[edit.newLine], allSpaces: whitespaceOnly) + "\n"
                }
            }
            index = stop + 1
        }
        return output
    }

    static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if result.last == "" { result.removeLast() }
        return result
    }

    static func squeezed(_ line: String) -> String {
        String(line.unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\r" && $0 != "\u{A0}" }.map(Character.init))
    }

    static func visible(_ line: String, allSpaces: Bool) -> String {
        let scalars = Array(line.unicodeScalars)
        var trailingStart = scalars.count
        while trailingStart > 0, scalars[trailingStart - 1] == " " || scalars[trailingStart - 1] == "\t" { trailingStart -= 1 }
        var result = ""
        for (i, scalar) in scalars.enumerated() {
            switch scalar {
            case "\t": result += "→"
            case "\r": result += "␍"
            case "\u{A0}": result += "⍽"
            case " " where allSpaces || i >= trailingStart: result += "·"
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

    /// The shortest edit script by longest common subsequence (outputs are small; quadratic is fine).
    static func editScript(_ a: [String], _ b: [String]) -> [Edit] {
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
