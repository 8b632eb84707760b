import Foundation

/// The book's settings: `chapters/book.config`, optional, one `name: value` a line, `#` starts
/// a comment. The one setting today:
///
/// ```
/// # Every code line readers see and every output line fits in 80 columns.
/// columns: 80
/// ```
public struct BookSettings: Sendable, Equatable {
    /// The column budget (``ColumnBudget``); nil means no budget.
    public var columns: Int?

    public init(columns: Int? = nil) { self.columns = columns }

    public static let fileName = "book.config"

    /// Parses the file's text; `path` is the path diagnostics name.
    public init(parsing text: String, path: String) throws(Diagnostics) {
        var problems: [Diagnostic] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init)?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !line.isEmpty else { continue }
            func report(_ message: String) { problems.append(Diagnostic(kind: .parse, file: path, line: offset + 1, message: message)) }
            guard let colon = line.firstIndex(of: ":") else {
                report("expected `name: value`, like `columns: 80`")
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "columns":
                guard columns == nil else { report("`columns` is set twice"); continue }
                guard let number = Int(value), number >= 20, number <= 1000 else {
                    report("columns must be a whole number from 20 to 1000; found '\(value)'")
                    continue
                }
                columns = number
            default:
                report("unknown setting '\(name)' (known: columns)")
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }
    }

    /// The settings in `folder/book.config`, or the defaults when there is no such file.
    public init(folder: URL, displayFolder: String) throws(Diagnostics) {
        let url = folder.appendingPathComponent(Self.fileName)
        let path = displayFolder.isEmpty ? Self.fileName : displayFolder + "/" + Self.fileName
        guard FileManager.default.fileExists(atPath: url.path) else {
            self.init()
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw Diagnostics([Diagnostic(kind: .parse, file: path, line: 1, message: "cannot read the book's settings as UTF-8 text")])
        }
        try self.init(parsing: text, path: path)
    }
}

/// The column budget: every line of a snippet as readers see it (hidden lines and `setup`
/// snippets excluded), every line of an output block and every line of another code block a
/// reader sees (``Chapter/displayedBlocks``) is at most `columns` wide, counting
/// Unicode scalars and a tab as 4. A longer line is reported at its Markdown line, at the
/// column where it crosses the budget.
public enum ColumnBudget {
    public static func width(_ line: Substring) -> Int {
        line.unicodeScalars.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
    }

    public static func check(_ chapter: Chapter, columns: Int) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        func check(_ line: Substring, markdownLine: Int, indent: Int, what: String, snippet: Int?) {
            let width = width(line)
            guard width > columns else { return }
            // The byte column of the first scalar past the budget.
            var used = 0, bytes = 0
            for scalar in line.unicodeScalars {
                used += scalar == "\t" ? 4 : 1
                if used > columns { break }
                bytes += String(scalar).utf8.count
            }
            problems.append(Diagnostic(
                kind: .lineTooLong, file: chapter.path, line: markdownLine, column: indent + bytes + 1,
                message: "this \(what) line is \(width) columns wide; the book's budget is \(columns) (columns: \(columns) in chapters/\(BookSettings.fileName))",
                snippet: snippet
            ))
        }
        for snippet in chapter.snippets {
            if !snippet.isSetup {
                var hidden = false
                for (offset, line) in codeLines(snippet.code).enumerated() {
                    switch line.trimmingCharacters(in: .whitespaces) {
                    case "// snippet.hide": hidden = true
                    case "// snippet.show": hidden = false
                    default:
                        if !hidden {
                            let indent = offset < snippet.codeIndents.count ? snippet.codeIndents[offset] : 0
                            check(line, markdownLine: snippet.codeLine + offset, indent: indent, what: "code", snippet: snippet.index)
                        }
                    }
                }
            }
            if let output = snippet.expectedOutput {
                for (offset, line) in codeLines(output.text).enumerated() {
                    check(line, markdownLine: output.fenceLine + 1 + offset, indent: 0, what: "output", snippet: snippet.index)
                }
            }
        }
        for block in chapter.displayedBlocks {
            let what = block.language.isEmpty ? "code block" : "\(block.language) block"
            for (offset, line) in codeLines(block.text).enumerated() {
                let indent = offset < block.indents.count ? block.indents[offset] : 0
                check(line, markdownLine: block.firstLine + offset, indent: indent, what: what, snippet: nil)
            }
        }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func codeLines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
