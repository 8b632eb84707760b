import Foundation

/// What the build plugin runs: Markdown chapter in, Swift program out.
public enum Extraction {
    /// Reads the chapter at `markdown`, writes its program to `output`, and returns the chapter.
    /// `prelude` is a Swift file every chapter program starts with (shown as `preludeDisplayPath`).
    /// - Throws: ``Diagnostics`` for a malformed chapter or an unreadable prelude, or a file error.
    @discardableResult
    public static func run(markdown: String, output: String, displayPath: String,
                           prelude: String? = nil, preludeDisplayPath: String? = nil) throws -> Chapter {
        let chapter = try Chapter(contentsOf: URL(fileURLWithPath: markdown), displayPath: displayPath)
        var code: Prelude?
        if let prelude {
            let shownAs = preludeDisplayPath ?? prelude
            guard let data = FileManager.default.contents(atPath: prelude),
                  let source = String(data: data, encoding: .utf8) else {
                throw Diagnostics([Diagnostic(file: shownAs, line: 1, message: "cannot read the chapters' prelude as UTF-8 text")])
            }
            code = Prelude(source: source, path: shownAs)
        }
        try AtomicFile.writeIfChanged(chapter.program(prelude: code), to: URL(fileURLWithPath: output))
        return chapter
    }
}

extension Chapter {
    /// Reads and parses a chapter file; `displayPath` is the path used in diagnostics. The
    /// book's settings (``BookSettings``) are read from `book.config` next to the file.
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
        let displayFolder = displayPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let settings = try BookSettings(folder: url.deletingLastPathComponent(), displayFolder: displayFolder)
        try self.init(source: source, path: displayPath, columns: settings.columns)
    }
}
