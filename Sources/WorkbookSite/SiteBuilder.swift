import CommonMark
import Foundation
import WorkbookCore

/// Turns verified chapters into the files of the site: a pure function from values to bytes,
/// so two builds of the same book are byte-identical and a test can compare a fresh build with
/// the committed `site/`.
///
/// Each chapter's Markdown was parsed once, by `Chapter` (cmark-gfm, with tables and math).
/// Its tree goes through named passes, in order:
///
/// 1. `SnippetPass`: snippets with their verified output and figures (numbered); output blocks out.
/// 2. `MathPass`: TeX → MathML; display math numbered and linkable; punctuation kept with math.
/// 3. `HeadingPass`: the title out, headings numbered, anchors unique on the page.
/// 4. Labels: equations, sections, figures and the chapter enter the book-wide table.
/// 5. `ReferencePass.mark`: `{@label}` and links found, links kept inside the book.
///
/// and, once every chapter's labels and anchors are known,
///
/// 6. `ReferencePass.resolve`: references linked, internal links checked.
///
/// Then `HTMLWriter` writes each page, and `SearchSections` walks the same trees for the index.
public enum SiteBuilder {
    /// The book's front matter, read from `chapters/index.md`: its first heading is the title,
    /// its first paragraph the subtitle, the rest the pitch on the index page.
    public struct FrontMatter: Sendable {
        public var title: String
        public var subtitle: String
        public var pitchMarkdown: String

        public init(title: String, subtitle: String, pitchMarkdown: String) {
            self.title = title
            self.subtitle = subtitle
            self.pitchMarkdown = pitchMarkdown
        }

        public init(markdown: String) {
            let document = Document(parsing: markdown, options: [.smartPunctuation])
            let blocks = document.root.children
            let heading = blocks.first { $0.kind == .heading && $0.headingLevel == 1 }
            let subtitle = blocks.first { $0.kind == .paragraph }
            title = heading?.plainText ?? "Sequence Models, in Swift"
            self.subtitle = subtitle?.plainText ?? ""
            // The pitch is everything after the subtitle paragraph, as written (line endings kept).
            let lines = SourceLines(markdown)
            let after = subtitle.map { $0.end.line } ?? heading.map { $0.end.line } ?? 0
            var bytes: [UInt8] = []
            for index in min(after, lines.count)..<lines.count { bytes += lines.lines[index] + lines.endings[index] }
            pitchMarkdown = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Writes warnings (problems that do not stop the build) to standard error.
    public static let standardErrorReporter: @Sendable (Diagnostic) -> Void = { warning in
        FileHandle.standardError.write(Data((warning.description + "\n").utf8))
    }

    /// Every file of the site, by path relative to `site/`.
    /// - Throws: ``Diagnostics`` at the Markdown line of each problem (TeX the converter does not
    ///   support, a label defined twice, a reference or link to nothing, a link or image that
    ///   leaves the book, a heading numbered by hand), or the site validator's findings.
    public static func build(_ chapters: [VerifiedChapter], frontMatter: FrontMatter,
                             warnings: (Diagnostic) -> Void = standardErrorReporter) throws -> [String: Data] {
        let book = try self.book(chapters, frontMatter: frontMatter, warnings: warnings)
        let pages = book.chapters
        var files: [String: String] = [
            "index.html": PageTemplate.indexPage(of: book),
            "print.html": PageTemplate.printPage(of: book),
            "assets/search-index.js": SearchIndex(sections: pages.flatMap(SearchSections.of)).javaScript(),
        ]
        for index in pages.indices {
            files[pages[index].fileName] = PageTemplate.chapterPage(index, of: book)
            if !pages[index].program.isEmpty { files[pages[index].programFileName] = pages[index].program }
        }
        for asset in try SiteAssets.files() {
            files[asset.path] = asset.contents
        }
        let binary = try SiteAssets.binaryFiles()
        // The validator reads text; a binary file only has to be there for links to it to resolve.
        for asset in binary { files[asset.path] = "" }
        let invalid = SiteValidator.problems(in: files)
        guard invalid.isEmpty else {
            throw Diagnostics(invalid.map { Diagnostic(file: "site", line: 1, message: $0) })
        }
        var data = files.mapValues { Data($0.utf8) }
        for asset in binary { data[asset.path] = asset.contents }
        return data
    }

    /// The book's pages after every pass, or every problem found on the way.
    static func book(_ chapters: [VerifiedChapter], frontMatter: FrontMatter,
                     warnings: (Diagnostic) -> Void = standardErrorReporter) throws -> Book {
        var table = CrossReferenceTable()
        var problems: [Diagnostic] = []
        var drafts: [Draft] = []
        for verified in chapters {
            let draft = Draft(verified, table: &table)
            problems += draft.problems
            draft.warnings.forEach(warnings)
            drafts.append(draft)
        }

        // Every label and anchor of the book is known now.
        var anchors: [String: Set<String>] = ["index.html": ["chapter-title", "contents"]]
        for draft in drafts { anchors[draft.page.fileName] = draft.anchors }
        for index in drafts.indices {
            var references = ReferencePass(path: drafts[index].path, page: drafts[index].page.fileName)
            drafts[index].page.body = references.resolve(drafts[index].page.body, table: table, anchors: anchors)
            problems += references.problems
        }

        var pitchPass = MathPass(path: "chapters/index.md", counters: ChapterCounters(chapter: 0))
        var pitch = pitchPass.run(PageNode(Document(parsing: frontMatter.pitchMarkdown, options: [.smartPunctuation]).root))
        var pitchReferences = ReferencePass(path: "chapters/index.md", page: "index.html")
        pitch = pitchReferences.resolve(pitchReferences.mark(pitch), table: table, anchors: anchors)
        problems += pitchPass.problems + pitchReferences.problems
        guard problems.isEmpty else { throw Diagnostics(problems) }

        return Book(title: frontMatter.title, subtitle: frontMatter.subtitle, pitch: pitch, chapters: drafts.map(\.page))
    }

    /// A chapter after its own passes, before references between chapters are resolved.
    struct Draft {
        var path: String
        var page: ChapterPage
        /// Every id the chapter's body defines.
        var anchors: Set<String>
        var problems: [Diagnostic] = []
        var warnings: [Diagnostic] = []

        init(_ verified: VerifiedChapter, table: inout CrossReferenceTable) {
            let chapter = verified.chapter
            let path = chapter.path
            var problems: [Diagnostic] = []
            var warnings: [Diagnostic] = []
            let fileStem = chapter.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? chapter.name
            let fileName = fileStem + ".html"
            let number = Int(fileStem.prefix { $0.isNumber }) ?? 0
            var tree = PageNode(chapter.document.root)

            var snippets = SnippetPass(verified: verified, counters: ChapterCounters(chapter: number))
            tree = snippets.run(tree)

            var math = MathPass(path: path, counters: ChapterCounters(chapter: number))
            tree = math.run(tree)
            problems += math.problems

            var figures: [PageNode.Figure] = []
            var equations: [PageNode.Equation] = []
            tree.forEach { node in
                if case .figure(let figure) = node.kind { figures.append(figure) }
                if case .equation(let equation) = node.kind { equations.append(equation) }
            }
            var headings = HeadingPass(path: path, chapter: number)
            tree = headings.run(tree, reserved: Set(figures.map(\.anchor) + equations.map(\.anchor)))
            problems += headings.problems
            warnings += headings.warnings

            // Labels, book-wide.
            func define(_ label: String, _ target: CrossReferenceTable.Target, column: Int = 1) {
                if let duplicate = table.define(label, target, column: column) { problems.append(duplicate) }
            }
            let mathByAnchor = Dictionary(equations.map { ($0.anchor, $0.mathML) }, uniquingKeysWith: { a, _ in a })
            for label in math.labels {
                define(label.label, .init(kind: .equation, number: label.number, page: fileName, anchor: label.anchor,
                                          preview: mathByAnchor[label.anchor].map { .mathML($0) } ?? .none, file: path, line: label.line),
                       column: label.column)
            }
            for label in headings.labels {
                define(label.label, .init(kind: .section, number: label.heading.number, page: fileName, anchor: label.heading.anchor,
                                          preview: .text(label.heading.title), file: path, line: label.line), column: label.column)
            }
            for figure in figures where !figure.caption.isEmpty {
                let label = "fig:" + SlugGenerator.slugBase(figure.caption)
                if table[label] == nil {
                    _ = table.define(label, .init(kind: .figure, number: figure.number, page: fileName, anchor: figure.anchor,
                                                  preview: .text(figure.caption), file: path, line: 1))
                }
            }
            define("ch:\(chapter.name)", .init(kind: .chapter, number: String(number), page: fileName, anchor: nil,
                                                preview: .text(headings.title ?? chapter.title), file: path, line: 1))

            var references = ReferencePass(path: path, page: fileName)
            tree = references.mark(tree)
            problems += references.problems

            self.path = path
            self.problems = problems
            self.warnings = warnings
            anchors = Set(["chapter-title"] + headings.sections.map(\.anchor) + figures.map(\.anchor) + equations.map(\.anchor))
            page = ChapterPage(
                fileName: fileName, number: number, title: headings.title ?? chapter.title,
                summary: ChapterSummary.of(tree), runCommand: "swift run \(chapter.name)",
                sections: headings.sections, body: tree,
                program: ChapterProgram.of(chapter, title: headings.title ?? chapter.title, number: number))
        }
    }
}
