import Foundation
import Testing
import WorkbookCore

/// The lines of a chapter's output blocks, each with its line number in the Markdown, and the
/// checks that compare the numbers on them with an independent reference.
struct PrintedOutput {
    struct Line: CustomStringConvertible {
        let text: String
        let markdownLine: Int
        let chapterPath: String
        var description: String { "\(chapterPath):\(markdownLine): \"\(text)\"" }
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    let blocks: [[Line]]
    /// The chapter's path from the repository root, as diagnostics show it.
    let chapterPath: String
    let root: URL

    /// The repository's root (this file is in Tests/ChapterTests/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A committed reference JSON under `root`, its snake_case keys read as camelCase.
    static func reference<T: Decodable>(_ type: T.Type, at path: String, root: URL = repositoryRoot) throws -> T {
        let json = try Data(contentsOf: root.appendingPathComponent(path))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: json)
    }

    /// Reads the chapter at `chapterPath` under `root`.
    init(chapterPath: String, root: URL = repositoryRoot) throws {
        self.chapterPath = chapterPath
        self.root = root
        let chapter = try Chapter(contentsOf: root.appendingPathComponent(chapterPath), displayPath: chapterPath)
        blocks = chapter.snippets.compactMap(\.expectedOutput).map { output in
            output.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.text.hasSuffix("\n") ? 1 : 0)
                .enumerated().map { Line(text: String($1), markdownLine: output.fenceLine + 1 + $0, chapterPath: chapterPath) }
        }
    }

    func location(_ line: Line) -> SourceLocation {
        SourceLocation(fileID: chapterPath,
                       filePath: root.appendingPathComponent(chapterPath).path,
                       line: line.markdownLine, column: 1)
    }

    /// The one output line that starts with `prefix`; throws when there is none or more than one.
    func line(startingWith prefix: String) throws -> Line {
        let matches = blocks.joined().filter { $0.text.hasPrefix(prefix) }
        guard matches.count == 1 else {
            throw Missing(description: "\(chapterPath): expected one output line starting with \"\(prefix)\", found \(matches.count)")
        }
        return matches[0]
    }

    /// The lines of an output block from the one line that starts with `prefix` to the block's end.
    func block(startingWith prefix: String) throws -> [Line] {
        let start = try line(startingWith: prefix)
        let block = blocks.first { $0.contains { $0.markdownLine == start.markdownLine } }!
        return Array(block.drop { $0.markdownLine < start.markdownLine })
    }

    /// Expects an output line that is exactly `text`.
    func expectLine(_ text: String) throws {
        let found = try line(startingWith: text)
        #expect(found.text == text, "\(found): expected exactly \"\(text)\"", sourceLocation: location(found))
    }

    /// Expects the decimal numbers on the line starting with `prefix` to be `expected`, in order.
    func expect(line prefix: String, _ expected: [Double], minimumDigits: Int = 1) throws {
        let found = try line(startingWith: prefix)
        expect(found, label: prefix, expected, minimumDigits: minimumDigits)
    }

    /// Expects `line` to start with `label` and carry the decimal numbers `expected`, in order.
    func expect(_ line: Line, label: String, _ expected: [Double], minimumDigits: Int = 1) {
        guard line.text.hasPrefix(label) else {
            Issue.record("\(line): expected a line starting with \"\(label)\"", sourceLocation: location(line))
            return
        }
        let numbers = Self.decimals(in: String(line.text.dropFirst(label.count)))
        guard numbers.count == expected.count else {
            Issue.record("\(line): expected \(expected.count) numbers after \"\(label)\", found \(numbers.count)", sourceLocation: location(line))
            return
        }
        for (number, value) in zip(numbers, expected) {
            expect(number, matches: value, minimumDigits: minimumDigits, at: line)
        }
    }


    /// Expects the printed decimal `text` to be `value` rounded to the digits shown, and to show
    /// at least `minimumDigits` significant digits.
    func expect(_ text: String, matches value: Double, minimumDigits: Int, at line: Line) {
        guard let printed = Double(text), let point = text.firstIndex(of: ".") else {
            Issue.record("\(line): \"\(text)\" is not a decimal number", sourceLocation: location(line))
            return
        }
        let decimals = text.distance(from: point, to: text.endIndex) - 1
        let significant = text.filter(\.isNumber).drop { $0 == "0" }.count
        #expect(significant >= minimumDigits,
                "\(line): \(text) shows \(significant) significant digits; the reference check needs \(minimumDigits)",
                sourceLocation: location(line))
        // Half a unit in the last place shown, plus room for the last bits of a double at a rounding tie.
        let tolerance = 0.5 * pow(10, -Double(decimals)) + 1e-12 * max(1, abs(value))
        #expect(abs(printed - value) <= tolerance,
                "\(line): printed \(text), statsmodels gives \(value) (allowed difference \(tolerance))",
                sourceLocation: location(line))
    }

    /// The numbers written with a decimal point in `text`, signs included, in order. Integers
    /// (years, lags, orders, the 9 in "AR(9)") are left out, and so are digits glued to a word.
    static func decimals(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?<![\w.])-?\d+\.\d+(?![\d.])"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }
}
