/// A message about a place in a chapter, printed in the format compilers use
/// (`chapters/03-lstm.md:42:1: error: …`) so that editors and terminals can jump to it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    /// What went wrong. Code that acts on diagnostics (bless, reports) branches on the kind,
    /// never on the message.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The Markdown: info strings, attributes, where blocks are, file names, settings.
        case parse
        /// A code or output line wider than the book's column budget.
        case lineTooLong
        /// Control characters (ESC, NUL, …) in output or in a block.
        case controlCharacters
        /// Output that is not valid UTF-8.
        case invalidUTF8
        /// A snippet printed something else than its output block (blessing fixes it).
        case mismatch
        /// A snippet printed something and has no output block (blessing adds one).
        case missingOutput
        /// A figure was announced but its file is missing.
        case figureMissing
        /// The program crashed in a snippet not marked `traps` (an unexpected trap).
        case crash
        /// The program exited early, or with a non-zero status.
        case exit
        /// The program ran longer than the time limit and was stopped.
        case timeout
        /// A snippet marked `traps` did not trap as declared.
        case expectedTrap
        /// The markers the program wrote break the protocol: a snippet never seen to start,
        /// snippets out of order, markers after the end.
        case protocolViolation
        /// The chapter's program did not compile (the compiler's errors are in the details).
        case compile
        /// The chapter's executable does not exist.
        case missingExecutable
        /// Blessing refused to write the chapter.
        case blessRefused
        /// A problem found while rendering the site.
        case render
    }

    public var severity: Severity
    public var kind: Kind
    /// The file as the user should see it, e.g. `chapters/03-lstm.md`.
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// Extra lines shown under the message (a diff, the tail of stderr…).
    public var details: String?
    /// The snippet (1-based) the problem belongs to, when it belongs to one.
    public var snippet: Int?

    public init(_ severity: Severity = .error, kind: Kind = .render, file: String, line: Int, column: Int = 1, message: String, details: String? = nil, snippet: Int? = nil) {
        self.severity = severity
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.details = details
        self.snippet = snippet
    }

    public var location: String { "\(file):\(line):\(column)" }

    public var description: String {
        let head = "\(location): \(severity.rawValue): \(message)"
        guard let details, !details.isEmpty else { return head }
        return head + "\n" + (details.hasSuffix("\n") ? String(details.dropLast()) : details)
    }
}

/// One or more diagnostics thrown together (a chapter can have several problems at once).
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var all: [Diagnostic]
    public init(_ all: [Diagnostic]) { self.all = all }
    public var description: String { all.map(\.description).joined(separator: "\n") }
}
