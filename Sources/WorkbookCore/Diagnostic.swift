/// A message about a place in a chapter, printed in the format compilers use
/// (`chapters/03-lstm.md:42:1: error: …`) so that editors and terminals can jump to it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error, warning, note
    }

    public var severity: Severity
    /// The file as the user should see it, e.g. `chapters/03-lstm.md`.
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// Extra lines shown under the message (a diff, the tail of stderr…).
    public var details: String?

    public init(_ severity: Severity = .error, file: String, line: Int, column: Int = 1, message: String, details: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.details = details
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
