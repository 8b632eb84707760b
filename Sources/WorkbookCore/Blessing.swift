import CommonMark
import Foundation

/// Rewrites a chapter's ```` ```output ```` blocks from what its snippets actually printed.
///
/// Only the lines inside blocks that no longer match are replaced (found by cmark's source
/// positions); every other byte of the file — prose, code, line endings, the prefixes of
/// blocks inside lists and quotes — stays as it was. A snippet that printed something but has
/// no output block gets one, right after it. Running it twice changes nothing the second time.
public enum Blessing {
    public struct Result: Sendable {
        public var source: String
        /// Output blocks rewritten or added, by the line of their snippet's fence.
        public var changedSnippets: [Int]
    }

    public static func bless(_ chapter: Chapter, _ run: ChapterRun) throws(Diagnostics) -> Result {
        let source = SourceLines(chapter.document.source)
        var lines = source.lines
        var endings = source.endings
        let newline = source.dominantEnding

        var edits: [(firstLine: Int, removeCount: Int, lines: [[UInt8]])] = []
        var changed: [Int] = []
        var problems: [Diagnostic] = []
        for (snippet, output) in zip(chapter.snippets, run.snippets) where output.started {
            // A snippet cut short by a crash printed only part of its output; it is blessed only
            // when the crash was expected (`traps`).
            if snippet.index == run.interruptedSnippet, snippet.expectedTrap == nil { continue }
            let actual = OutputComparison.normalize(output.text)
            if let expected = snippet.expectedOutput {
                if OutputComparison.matches(expected: expected.text, actual: actual, tolerance: expected.tolerance) { continue }
                let fence = Fence(opening: lines[expected.fenceLine - 1])
                guard let fence, expected.endLine > expected.fenceLine, fence.isClosed(by: lines[expected.endLine - 1]) else {
                    problems.append(Diagnostic(file: chapter.path, line: expected.fenceLine, message: "this output block has no closing fence; close it before blessing"))
                    continue
                }
                var content = contentLines(actual, prefix: fence.contentPrefix)
                var opening = lines[expected.fenceLine - 1], closing = lines[expected.endLine - 1]
                if let longer = fence.lengthened(toFit: actual) {
                    opening = longer.opening(from: opening)
                    closing = fence.contentPrefix + longer.closing
                }
                content.insert(opening, at: 0)
                content.append(closing)
                edits.append((expected.fenceLine - 1, expected.endLine - expected.fenceLine + 1, content))
                changed.append(snippet.fenceLine)
            } else if !actual.isEmpty {
                guard let fence = Fence(opening: lines[snippet.fenceLine - 1]) else { continue }
                let end = snippetEndLine(snippet, lines: lines, fence: fence)
                guard let end else {
                    problems.append(Diagnostic(file: chapter.path, line: snippet.fenceLine, message: "this snippet has no closing fence; close it before blessing"))
                    continue
                }
                let plain = Fence(character: UInt8(ascii: "`"), length: 3, contentPrefix: fence.contentPrefix)
                let outputFence = plain.lengthened(toFit: actual) ?? plain
                let blank = fence.blankLinePrefix
                var block: [[UInt8]] = [blank, fence.contentPrefix + outputFence.closing + Array("output".utf8)]
                block += contentLines(actual, prefix: fence.contentPrefix)
                block.append(fence.contentPrefix + outputFence.closing)
                edits.append((end, 0, block))
                changed.append(snippet.fenceLine)
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }

        // Apply from the bottom up so earlier line numbers stay valid. A replaced block keeps
        // the line ending its last line had; inserted lines use the file's usual ending.
        for edit in edits.sorted(by: { $0.firstLine > $1.firstLine }) {
            let range = edit.firstLine..<(edit.firstLine + edit.removeCount)
            var newEndings = Array(repeating: newline, count: edit.lines.count)
            if edit.removeCount > 0 {
                newEndings[newEndings.count - 1] = endings[range.upperBound - 1]
            } else if edit.firstLine > 0, endings[edit.firstLine - 1].isEmpty {
                endings[edit.firstLine - 1] = newline  // appending after a last line that had no ending
            }
            lines.replaceSubrange(range, with: edit.lines)
            endings.replaceSubrange(range, with: newEndings)
        }
        var bytes: [UInt8] = []
        for (line, ending) in zip(lines, endings) {
            bytes += line
            bytes += ending
        }
        return Result(source: String(decoding: bytes, as: UTF8.self), changedSnippets: changed)
    }

    static func contentLines(_ text: String, prefix: [UInt8]) -> [[UInt8]] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { line in line.isEmpty ? trimmedTrailingSpaces(prefix) : prefix + Array(line.utf8) }
    }

    static func trimmedTrailingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        while result.last == UInt8(ascii: " ") { result.removeLast() }
        return result
    }

    /// The 0-based index of the line after the snippet's closing fence.
    static func snippetEndLine(_ snippet: Snippet, lines: [[UInt8]], fence: Fence) -> Int? {
        let codeLineCount = snippet.code.isEmpty ? 0 : snippet.code.split(separator: "\n", omittingEmptySubsequences: false).count - (snippet.code.hasSuffix("\n") ? 1 : 0)
        let closingIndex = snippet.fenceLine + codeLineCount  // 0-based index of the closing fence
        guard closingIndex < lines.count, fence.isClosed(by: lines[closingIndex]) else { return nil }
        return closingIndex + 1
    }
}

/// The opening fence of a code block and what each of its content lines must start with.
struct Fence {
    var character: UInt8
    var length: Int
    /// What a content line of this block starts with: the container's prefix (`> `, or the
    /// spaces of a list item) and the fence's own indentation.
    var contentPrefix: [UInt8]

    init(character: UInt8, length: Int, contentPrefix: [UInt8]) {
        self.character = character
        self.length = length
        self.contentPrefix = contentPrefix
    }

    /// Reads the fence of `line`, the opening line of a fenced code block.
    init?(opening line: [UInt8]) {
        // The container prefix is made of `>` and spaces (and a list marker on the first line).
        guard let start = line.firstIndex(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "~") }) else { return nil }
        let character = line[start]
        var end = start
        while end < line.count, line[end] == character { end += 1 }
        guard end - start >= 3 else { return nil }
        self.character = character
        length = end - start
        // On later lines, a list marker (`-`, `*`, `+`, `1.`) becomes spaces; `>` stays.
        contentPrefix = line[..<start].map { $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") ? $0 : UInt8(ascii: " ") }
    }

    /// The prefix of a blank line inside the same container (`>` in a quote).
    var blankLinePrefix: [UInt8] { Blessing.trimmedTrailingSpaces(contentPrefix) }

    /// Whether `line` closes this block: after the prefix, a run of at least `length` fence
    /// characters and nothing but spaces.
    func isClosed(by line: [UInt8]) -> Bool {
        var i = 0
        while i < line.count, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: ">") || line[i] == UInt8(ascii: "\t") { i += 1 }
        var run = 0
        while i < line.count, line[i] == character { i += 1; run += 1 }
        guard run >= length else { return false }
        return line[i...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// A longer fence if `text` has a line that would close this one, else nil.
    func lengthened(toFit text: String) -> Fence? {
        var longest = 0
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            let run = trimmed.utf8.prefix { $0 == character }.count
            longest = max(longest, run)
        }
        guard longest >= length else { return nil }
        var copy = self
        copy.length = longest + 1
        return copy
    }

    var closing: [UInt8] { Array(repeating: character, count: length) }

    /// `line` with its fence run replaced by this fence's run.
    func opening(from line: [UInt8]) -> [UInt8] {
        guard let start = line.firstIndex(of: character) else { return line }
        var end = start
        while end < line.count, line[end] == character { end += 1 }
        return Array(line[..<start]) + closing + Array(line[end...])
    }
}
