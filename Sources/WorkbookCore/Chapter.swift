import CommonMark

/// A chapter of the book: one Markdown file whose Swift snippets run, in order, as one program.
public struct Chapter: Sendable {
    /// The path shown in diagnostics and written into `#sourceLocation`, e.g. `chapters/03-lstm.md`.
    public var path: String
    /// The executable's name: the file name without its number and extension (`lstm`).
    public var name: String
    /// The title: the text of the first level-1 heading, or the name when there is none.
    public var title: String
    public var document: Document
    public var snippets: [Snippet]
    /// The other code blocks a reader sees as code: fenced blocks in other languages (not
    /// `math`, which the site typesets) and indented code, for the column budget.
    public var displayedBlocks: [DisplayedBlock] = []
    /// The book's column budget (`columns:` in `chapters/book.config`), or nil when it has none.
    public var columns: Int?

    /// Executable name for a chapter file name such as `03-lstm.md`, or nil if the name does not
    /// have the `NN-name.md` form.
    public static func executableName(forFile fileName: String) -> String? {
        guard fileName.hasSuffix(".md"), let dash = fileName.firstIndex(of: "-") else { return nil }
        let number = fileName[..<dash]
        let stem = fileName[fileName.index(after: dash)...].dropLast(3)
        guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber), !stem.isEmpty else { return nil }
        return String(stem)
    }

    /// Names the package's own targets and products already use.
    static let reservedNames: Set<String> = [
        "seqkit", "figures", "cseqkitkernels", "cportablemath", "ccmark", "commonmark", "workbookcore",
        "workbookruntime", "workbookprotocol", "workbooksite", "workbook", "workbook-extract",
        "seqkit-bench", "seqkit-example", "chapterplugin", "chapters",
    ]

    /// Why SwiftPM cannot build a chapter named `name` (the part of `NN-name.md` after the
    /// dash) as an executable, or nil when it can: lowercase ASCII letters, digits and `-`,
    /// starting with a letter, not ending with `-`, at most 64 characters, and not the name of
    /// one of the package's own targets.
    public static func nameProblem(_ name: String) -> String? {
        let allowed = name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard allowed, let first = name.unicodeScalars.first, ("a"..."z").contains(first), !name.hasSuffix("-"), name.count <= 64 else {
            return "the chapter name '\(name)' cannot name a SwiftPM executable: use lowercase ASCII letters, digits and '-', starting with a letter (rename the file, e.g. to NN-\(suggestedName(name)).md)"
        }
        guard !reservedNames.contains(name.lowercased()) else {
            return "the chapter name '\(name)' is already a target of the package; rename the file"
        }
        return nil
    }

    static func suggestedName(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            let keep = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if keep { result.unicodeScalars.append(scalar) } else if !result.isEmpty, !result.hasSuffix("-") { result += "-" }
        }
        while result.hasSuffix("-") { result.removeLast() }
        while let first = result.first, !first.isLetter { result.removeFirst() }
        return result.isEmpty ? "chapter" : result
    }
}

/// A fenced ```` ```swift ```` block of a chapter.
public struct Snippet: Sendable, Hashable {
    /// 1-based position among the chapter's snippets.
    public var index: Int
    /// Line of the opening fence.
    public var fenceLine: Int
    /// The block's code, hidden lines included (this is what runs).
    public var code: String
    /// The code a reader sees: without `// snippet.hide` … `// snippet.show` regions, or empty
    /// for a `setup` snippet.
    public var visibleCode: String
    /// Whether the whole snippet is hidden from readers (`swift setup`).
    public var isSetup: Bool
    /// Set when the snippet is expected to trap (`swift traps` or `swift traps="message"`):
    /// the message that stderr must contain, or "" for any trap.
    public var expectedTrap: String?
    /// The ```` ```output ```` block right after the snippet, if any.
    public var expectedOutput: ExpectedOutput?
    /// Whether the snippet is an exercise's solution (`swift solution`): it comes after every
    /// regular snippet, is always verified, and runs under `swift run` only when asked
    /// (`--solutions` or `WORKBOOK_SOLUTIONS=1`).
    public var isSolution: Bool = false
    /// Line of the closing fence, or nil when the block is closed by the end of its container
    /// (or of the file).
    public var closingLine: Int?
    /// For each line of `code`, how many bytes precede it on its Markdown line (the container's
    /// prefix and the fence's indentation), so that compiler columns can be mapped back.
    public var codeIndents: [Int] = []

    /// The first line of code (the line after the fence).
    public var codeLine: Int { fenceLine + 1 }
}

/// A code block that is shown but never run (```` ```python ````, ```` ```text ````, indented code).
public struct DisplayedBlock: Sendable, Hashable {
    /// The info string's language, or "" (indented code, a fence without one).
    public var language: String
    /// The block's content.
    public var text: String
    /// Line of the content's first line.
    public var firstLine: Int
    /// For each content line, the bytes before it on its Markdown line (list or quote indent).
    public var indents: [Int]
}

/// A fenced ```` ```output ```` block: the exact text the snippet before it must print.
public struct ExpectedOutput: Sendable, Hashable {
    public var text: String
    /// Line of the opening fence.
    public var fenceLine: Int
    /// Last line of the block (its closing fence, when it has one).
    public var endLine: Int
    /// Numbers may differ by this much (`output tolerance=1e-4`); see ``OutputComparison``.
    public var tolerance: Double?
    /// Whether the block ends with a closing fence (at `endLine`).
    public var isClosed: Bool = true
}
