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

    /// Executable name for a chapter file name such as `03-lstm.md`, or nil if the name does not
    /// have the `NN-name.md` form.
    public static func executableName(forFile fileName: String) -> String? {
        guard fileName.hasSuffix(".md"), let dash = fileName.firstIndex(of: "-") else { return nil }
        let number = fileName[..<dash]
        let stem = fileName[fileName.index(after: dash)...].dropLast(3)
        guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber), !stem.isEmpty else { return nil }
        return String(stem)
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

    /// The first line of code (the line after the fence).
    public var codeLine: Int { fenceLine + 1 }
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
}
