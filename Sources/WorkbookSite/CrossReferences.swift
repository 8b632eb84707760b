import WorkbookCore

/// Numbered, linkable targets (equations, figures, sections, chapters), book-wide.
///
/// Syntax in Markdown prose: `{@eq:cell}`, `{@fig:loss-per-epoch}`, `{@sec:forget-gate}`,
/// `{@ch:lstm}`. Each becomes a link whose text names the target: "Equation 3.1", "Figure 3.2",
/// "Section 3.2", "Chapter 3". Targets are defined by `\label{eq:…}` in display math, the title of
/// a figure (`fig:` and its slug), `{#sec:…}` at the end of a heading, and the chapter's file
/// name (`ch:lstm`). A label defined twice is an error at the second definition; a reference to
/// a label defined nowhere is an error at the reference.
struct CrossReferenceTable: Sendable {
    enum Kind: String, Sendable {
        case equation = "Equation", figure = "Figure", section = "Section", chapter = "Chapter"
    }

    /// What a reference shows while the reader hovers or focuses it, without leaving the page.
    enum Preview: Equatable, Sendable {
        case none
        /// The equation itself (its MathML).
        case mathML(String)
        /// A caption or title, as plain text.
        case text(String)
    }

    struct Target: Equatable, Sendable {
        var kind: Kind
        /// "3.1"
        var number: String
        /// The page file, e.g. "03-lstm.html".
        var page: String
        /// The fragment without "#"; nil for the top of the page.
        var anchor: String?
        var preview: Preview = .none
        /// Where it was defined.
        var file: String = ""
        var line: Int = 0

        /// "Equation 3.1", with a no-break space.
        var text: String { "\(kind.rawValue)\u{A0}\(number)" }
    }

    private(set) var targets: [String: Target] = [:]

    /// Registers `label`, or returns the diagnostic for a label already defined.
    mutating func define(_ label: String, _ target: Target, column: Int = 1) -> Diagnostic? {
        if let existing = targets[label] {
            return Diagnostic(file: target.file, line: target.line, column: column,
                              message: "label '\(label)' is defined twice; first as \(existing.kind.rawValue) \(existing.number) at \(existing.file):\(existing.line)")
        }
        targets[label] = target
        return nil
    }

    subscript(label: String) -> Target? { targets[label] }

    /// The diagnostic for a reference to an undefined label, with the nearest defined names.
    func unknown(_ label: String, file: String, line: Int, column: Int) -> Diagnostic {
        let prefix = label.split(separator: ":").first.map { String($0) + ":" } ?? ""
        let similar = targets.keys.filter { $0.hasPrefix(prefix) }.sorted().prefix(5)
        let hint = similar.isEmpty ? "" : "; defined labels: " + similar.joined(separator: ", ")
        return Diagnostic(file: file, line: line, column: column, message: "unknown cross-reference {@\(label)}\(hint)")
    }

    /// Labels are `kind:name` with letters, digits, `-`, `_` and `.`.
    static func isLabel(_ text: Substring) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }
}

/// Per-chapter counters for numbered equations and figures: "3.1", "3.2"…
struct ChapterCounters: Sendable {
    let chapter: Int
    private var equations = 0
    private var figures = 0

    init(chapter: Int) {
        self.chapter = chapter
    }

    mutating func nextEquation() -> String {
        equations += 1
        return "\(chapter).\(equations)"
    }

    mutating func nextFigure() -> String {
        figures += 1
        return "\(chapter).\(figures)"
    }
}
