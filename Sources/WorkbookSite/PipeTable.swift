/// A pipe table, as GitHub-flavoured Markdown writes one:
///
///     | gate | scene |
///     | :--- | ---: |
///     | forget | Arjun under water |
///
/// CommonMark has no tables, so cmark reads these lines as one paragraph. The site builder
/// recognizes such a paragraph from its source lines and renders it as a `<table>` instead;
/// each cell's inline Markdown still goes through cmark.
struct PipeTable: Equatable {
    enum Alignment: Equatable { case none, left, center, right }

    var header: [String]
    var alignments: [Alignment]
    var rows: [[String]]

    /// Reads the lines of a paragraph (without line endings) as a table, or nil when they do not
    /// form one: every line must start with `|`, and the second must be the delimiter row.
    init?(lines: [String]) {
        let trimmed = lines.map { $0.drop { $0 == " " || $0 == "\t" } }
        guard trimmed.count >= 2, trimmed.allSatisfy({ $0.hasPrefix("|") }) else { return nil }
        let header = PipeTable.cells(of: trimmed[0])
        let delimiters = PipeTable.cells(of: trimmed[1])
        guard header.count == delimiters.count else { return nil }
        var alignments: [Alignment] = []
        for cell in delimiters {
            var core = Substring(cell)
            if core.hasPrefix(":") { core.removeFirst() }
            if core.hasSuffix(":") { core.removeLast() }
            guard !core.isEmpty, core.allSatisfy({ $0 == "-" }) else { return nil }
            switch (cell.hasPrefix(":"), cell.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (true, false): alignments.append(.left)
            case (false, true): alignments.append(.right)
            case (false, false): alignments.append(.none)
            }
        }
        self.header = header
        self.alignments = alignments
        // Rows are padded or cut to the header's width, as GitHub does.
        rows = trimmed.dropFirst(2).map { line in
            let cells = PipeTable.cells(of: line)
            return Array((cells + Array(repeating: "", count: max(0, header.count - cells.count))).prefix(header.count))
        }
    }

    /// The cells of one row: split at `|` outside code spans, `\|` being a literal bar.
    static func cells(of line: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = 0  // length of the backtick run that opened the current code span
        let characters = Array(line)
        var i = 0
        while i < characters.count {
            let character = characters[i]
            if character == "`" {
                var run = 0
                while i + run < characters.count, characters[i + run] == "`" { run += 1 }
                if inCode == 0 { inCode = run } else if run == inCode { inCode = 0 }
                current += String(repeating: "`", count: run)
                i += run
                continue
            }
            if character == "\\", i + 1 < characters.count, characters[i + 1] == "|" {
                current += inCode > 0 ? "\\|" : "|"
                i += 2
                continue
            }
            if character == "|", inCode == 0 {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            i += 1
        }
        cells.append(current)
        // The leading `|` leaves an empty first cell; a trailing `|` an empty last one.
        if cells.first?.trimmingWhitespace().isEmpty == true { cells.removeFirst() }
        if cells.count > 1, cells.last?.trimmingWhitespace().isEmpty == true { cells.removeLast() }
        return cells.map { $0.trimmingWhitespace() }
    }

    /// The table as XHTML; `inline` renders one cell's Markdown to inline HTML.
    func html(inline: (String) -> String) -> String {
        func attribute(_ column: Int) -> String {
            switch alignments[column] {
            case .none: return ""
            case .left: return " class=\"align-left\""
            case .center: return " class=\"align-center\""
            case .right: return " class=\"align-right\""
            }
        }
        var out = "<table>\n<thead>\n<tr>"
        for (column, cell) in header.enumerated() { out += "<th\(attribute(column))>\(inline(cell))</th>" }
        out += "</tr>\n</thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (column, cell) in row.enumerated() { out += "<td\(attribute(column))>\(inline(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
