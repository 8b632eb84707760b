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
