import CommonMark
import Foundation

/// Rewrites a chapter's ```` ```output ```` blocks from what its snippets actually printed.
///
/// Exactly the blocks verification found stale are rewritten: those of ``Diagnostic/Kind/mismatch``
/// problems, and a block is added for each ``Diagnostic/Kind/missingOutput`` problem, right
/// after its snippet. Only the lines inside those blocks change (found by cmark's source
/// positions); every other byte of the file — prose, code, line endings, the prefixes of
/// blocks inside lists and quotes — stays as it was.
///
/// Before handing the text back, it is parsed again with cmark, and every snippet must read
/// back with the same code, every rewritten block as the actual output and every other block as
/// it was. When it does not (a container or fence that the rewrite cannot reproduce), blessing
/// refuses with a ``Diagnostic/Kind/blessRefused`` problem at the block rather than write
/// something cmark reads differently. So running it twice changes nothing the second time.
public enum Blessing {
    public struct Result: Sendable {
        public var source: String
        /// Output blocks rewritten or added, by the line of their snippet's fence.
        public var changedSnippets: [Int]
    }

    /// The kinds of problem blessing fixes.
    public static let fixes: Set<Diagnostic.Kind> = [.mismatch, .missingOutput]

    /// Blesses what ``Verification/check(_:_:)`` finds stale in `run`.
    public static func bless(_ chapter: Chapter, _ run: ChapterRun) throws(Diagnostics) -> Result {
        try bless(chapter, run, problems: Verification.check(chapter, run))
    }

    /// Rewrites the blocks of the `problems` whose kind blessing fixes (``fixes``); the others
    /// are the caller's to report.
    public static func bless(_ chapter: Chapter, _ run: ChapterRun, problems verified: [Diagnostic]) throws(Diagnostics) -> Result {
        let stale = Set(verified.filter { fixes.contains($0.kind) }.compactMap(\.snippet))
        do {
            return try rewrite(chapter, run, stale: stale, expandingTabs: false)
        } catch let first {
            // Content lines written with the fence line's prefix as it is, tabs included, can
            // read back differently (cmark counts a tab after '>' partly as indentation); the
            // same prefix with its tabs expanded to spaces often reads back right.
            guard first.all.allSatisfy({ $0.kind == .blessRefused }),
                  let second = try? rewrite(chapter, run, stale: stale, expandingTabs: true) else { throw first }
            return second
        }
    }

    static func rewrite(_ chapter: Chapter, _ run: ChapterRun, stale: Set<Int>, expandingTabs: Bool) throws(Diagnostics) -> Result {
        let source = SourceLines(chapter.document.source)
        var lines = source.lines
        var endings = source.endings
        let newline = source.dominantEnding

        var edits: [(firstLine: Int, removeCount: Int, lines: [[UInt8]])] = []
        var changed: [Int] = []
        var problems: [Diagnostic] = []
        func refuse(_ line: Int, _ snippet: Int, _ message: String) {
            problems.append(Diagnostic(kind: .blessRefused, file: chapter.path, line: line, message: message, snippet: snippet))
        }
        for (snippet, output) in zip(chapter.snippets, run.snippets) where stale.contains(snippet.index) {
            let actual = OutputComparison.normalize(output.text)
            if let expected = snippet.expectedOutput {
                guard let fence = Fence(opening: lines[expected.fenceLine - 1]), expected.isClosed, expected.endLine > expected.fenceLine else {
                    refuse(expected.fenceLine, snippet.index, "this output block has no closing fence; close it before blessing")
                    continue
                }
                var content = contentLines(actual, prefix: expandingTabs ? fence.expandedPrefix : fence.contentPrefix)
                var opening = lines[expected.fenceLine - 1], closing = lines[expected.endLine - 1]
                if let longer = fence.lengthened(toFit: actual) {
                    opening = longer.opening(from: opening)
                    closing = (expandingTabs ? fence.expandedPrefix : fence.contentPrefix) + longer.closing
                }
                content.insert(opening, at: 0)
                content.append(closing)
                edits.append((expected.fenceLine - 1, expected.endLine - expected.fenceLine + 1, content))
                changed.append(snippet.fenceLine)
            } else if !actual.isEmpty {
                guard let fence = Fence(opening: lines[snippet.fenceLine - 1]) else { continue }
                guard let closingLine = snippet.closingLine else {
                    refuse(snippet.fenceLine, snippet.index, "this snippet has no closing fence (the end of its list, quote or file closes it); close it before blessing")
                    continue
                }
                let prefix = expandingTabs ? fence.expandedPrefix : fence.contentPrefix
                let plain = Fence(character: UInt8(ascii: "`"), length: 3, contentPrefix: prefix)
                let outputFence = plain.lengthened(toFit: actual) ?? plain
                let blank = Blessing.trimmedTrailingSpaces(prefix)
                var block: [[UInt8]] = [blank, prefix + outputFence.closing + Array("output".utf8)]
                block += contentLines(actual, prefix: prefix)
                block.append(prefix + outputFence.closing)
                edits.append((closingLine, 0, block))
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
        let blessed = String(decoding: bytes, as: UTF8.self)
        try proveReadsBack(blessed, original: chapter, run: run, stale: stale)
        return Result(source: blessed, changedSnippets: changed)
    }

    /// Parses `blessed` again and checks that it says what blessing meant: the same snippets
    /// with the same code, the stale blocks holding the actual output, the others unchanged.
    static func proveReadsBack(_ blessed: String, original chapter: Chapter, run: ChapterRun, stale: Set<Int>) throws(Diagnostics) {
        let advice = "cmark would read the rewritten chapter differently; bless refuses to write it. Rewrite this block by hand (a space after each '>', spaces rather than tabs before fences, a closing fence on its own line)"
        let reread: Chapter
        do {
            reread = try Chapter(source: blessed, path: chapter.path)
        } catch {
            let line = error.all.first?.line ?? 1
            throw Diagnostics([Diagnostic(kind: .blessRefused, file: chapter.path, line: line, message: "the blessed chapter would not parse (\(error.all.first?.message ?? "")); " + advice)])
        }
        guard reread.snippets.count == chapter.snippets.count else {
            throw Diagnostics([Diagnostic(kind: .blessRefused, file: chapter.path, line: 1, message: "the blessed chapter would have \(reread.snippets.count) snippets instead of \(chapter.snippets.count); " + advice)])
        }
        var problems: [Diagnostic] = []
        for ((before, after), output) in zip(zip(chapter.snippets, reread.snippets), run.snippets) {
            let line = before.expectedOutput?.fenceLine ?? before.fenceLine
            func refuse(_ what: String) {
                problems.append(Diagnostic(kind: .blessRefused, file: chapter.path, line: line, message: "snippet \(before.index): \(what); " + advice, snippet: before.index))
            }
            guard before.code.utf8.elementsEqual(after.code.utf8) else { refuse("its code would change"); continue }
            if stale.contains(before.index) {
                let actual = OutputComparison.normalize(output.text)
                let written = after.expectedOutput.map { OutputComparison.normalize($0.text) } ?? ""
                if !written.utf8.elementsEqual(actual.utf8) || (after.expectedOutput == nil && !actual.isEmpty) || after.expectedOutput?.isClosed == false {
                    refuse("its output block would not read back as the actual output")
                }
            } else if before.expectedOutput?.text.utf8.elementsEqual(after.expectedOutput?.text.utf8 ?? "".utf8) != true
                        && !(before.expectedOutput == nil && after.expectedOutput == nil) {
                refuse("an output block blessing did not mean to touch would change")
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }
    }

    /// Writes a blessed chapter over the file at `url`: through a symbolic link to the real
    /// file (the link stays a link, the file keeps its mode), keeping a UTF-8 byte order mark
    /// the file started with, atomically. The temporary file goes in `scratch` (outside the
    /// chapters folder, so that a kill mid-write leaves nothing there for git or a watcher to
    /// see) when that folder is on the same file system, else next to the file.
    public static func write(_ result: Result, to url: URL, scratch: URL? = nil) throws {
        let target = URL(fileURLWithPath: url.path).resolvingSymlinksInPath()
        var bytes = Array(result.source.utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if let original = FileManager.default.contents(atPath: target.path), original.starts(with: bom), !bytes.starts(with: bom) {
            bytes = bom + bytes
        }
        var temporaryFolder: URL? = nil
        if let scratch {
            try? FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            var a = stat(), b = stat()
            if stat(scratch.path, &a) == 0, stat(target.deletingLastPathComponent().path, &b) == 0, a.st_dev == b.st_dev {
                temporaryFolder = scratch
            }
        }
        try AtomicFile.write(Data(bytes), to: target, temporaryDirectory: temporaryFolder)
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

    /// The content prefix with each tab replaced by the spaces it spans (tab stops every 4 columns).
    var expandedPrefix: [UInt8] {
        var result: [UInt8] = []
        for byte in contentPrefix {
            if byte == UInt8(ascii: "\t") {
                repeat { result.append(UInt8(ascii: " ")) } while result.count % 4 != 0
            } else {
                result.append(byte)
            }
        }
        return result
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
            // A tab can be indentation too (inside a list item it may leave fewer than 4 columns).
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
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
