import Foundation

/// What the build plugin runs: Markdown chapter in, Swift program out.
public enum Extraction {
    /// Reads the chapter at `markdown`, writes its program to `output`, and returns the chapter.
    /// - Throws: ``Diagnostics`` for a malformed chapter, or a file error.
    @discardableResult
    public static func run(markdown: String, output: String, displayPath: String) throws -> Chapter {
        let chapter = try Chapter(contentsOf: URL(fileURLWithPath: markdown), displayPath: displayPath)
        try AtomicFile.writeIfChanged(chapter.program(), to: URL(fileURLWithPath: output))
        return chapter
    }
}

extension Chapter {
    /// Reads and parses a chapter file; `displayPath` is the path used in diagnostics.
    public init(contentsOf url: URL, displayPath: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Diagnostics([Diagnostic(file: displayPath, line: 1, message: "cannot read the chapter: \(error.localizedDescription)")])
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw Diagnostics([Diagnostic(file: displayPath, line: 1, message: "the chapter is not valid UTF-8")])
        }
        try self.init(source: source, path: displayPath)
    }
}
