import Foundation

/// A chapter whose every snippet printed what the chapter says, with what each snippet showed:
/// what the site renders.
public struct VerifiedChapter: Sendable {
    public struct Figure: Sendable, Hashable {
        /// The figure's file name in its run (`figure-3.svg`).
        public var name: String
        /// The standalone SVG document.
        public var svg: String
        /// An HTML table of the figure's numbers, for screen readers, if the figure made one.
        public var tableHTML: String?
    }

    public var chapter: Chapter
    /// For each snippet, in order, the figures it showed.
    public var figures: [[Figure]]

    /// Collects the figures of a run that had no problems.
    public init(chapter: Chapter, run: ChapterRun) throws {
        self.chapter = chapter
        figures = try run.snippets.map { output in
            try output.figures.map { name in
                let url = run.figuresDirectory.appendingPathComponent(name)
                guard let svg = try? String(contentsOf: url, encoding: .utf8) else {
                    throw WorkbookError("\(chapter.path): the run announced figure \(name) but \(url.path) cannot be read")
                }
                let table = url.deletingPathExtension().appendingPathExtension("table.html")
                return Figure(name: name, svg: svg, tableHTML: try? String(contentsOf: table, encoding: .utf8))
            }
        }
    }
}

/// The Swift toolchain that runs the chapters, for the line "verified with Swift 6.3.1".
public enum Toolchain {
    /// The version from `swift --version` ("6.3.1"), or nil when it cannot be run.
    public static func swiftVersion() -> String? {
        guard let result = try? ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["swift", "--version"], timeout: 60),
              result.termination.isSuccess else { return nil }
        let text = result.stdout + result.stderr
        guard let range = text.range(of: "Swift version ") else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isWhitespace })
    }
}
