import CommonMark
import Foundation
import WorkbookCore

/// Turns verified chapters into the files of the site: a pure function from values to bytes,
/// so two builds of the same book are byte-identical and a test can compare a fresh build with
/// the committed `site/`.
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
            // The pitch is everything after the subtitle paragraph, as written.
            let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
            let after = subtitle.map { $0.end.line } ?? heading.map { $0.end.line } ?? 0
            pitchMarkdown = lines.dropFirst(after).joined(separator: "\n")
        }
    }

    /// Every file of the site, by path relative to `site/`.
    /// - Throws: ``Diagnostics`` at the Markdown line of each problem (TeX the converter does not
    ///   support, a broken cross-reference), or the site validator's findings.
    public static func build(_ chapters: [VerifiedChapter], frontMatter: FrontMatter) throws -> [String: Data] {
        var table = CrossReferenceTable()
        var problems: [Diagnostic] = []
        var drafts: [Draft] = []

        for verified in chapters {
            do {
                drafts.append(try draft(verified, table: &table))
            } catch let diagnostics as Diagnostics {
                problems += diagnostics.all
            }
        }
        // Every label is known now: check the references of every chapter, at their lines.
        for draft in drafts {
            for error in table.check(CrossReference.find(in: draft.chapter.document.source)) {
                problems.append(Diagnostic(file: draft.chapter.path, line: error.line, column: error.column, message: error.message))
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }

        var pages: [ChapterPage] = []
        var sections: [SearchIndex.Section] = []
        for draft in drafts {
            let body: String
            do {
                body = try table.resolve(in: draft.bodyHTML, page: draft.fileName)
            } catch {
                throw Diagnostics([Diagnostic(file: draft.chapter.path, line: 1, message: error.message)])
            }
            pages.append(ChapterPage(
                fileName: draft.fileName, number: draft.number, title: draft.chapter.title,
                summary: draft.summary, runCommand: "swift run \(draft.chapter.name)",
                sections: draft.sections, bodyHTML: body
            ))
            sections += draft.searchSections
        }

        let pitch = Document(parsing: frontMatter.pitchMarkdown, options: [.smartPunctuation]).renderHTML()
        let book = Book(title: frontMatter.title, subtitle: frontMatter.subtitle, pitchHTML: pitch, chapters: pages)
        var files: [String: String] = [
            "index.html": PageTemplate.indexPage(of: book),
            "print.html": PageTemplate.printPage(of: book),
            "assets/search-index.js": SearchIndex(sections: sections).javaScript(),
        ]
        for index in pages.indices {
            files[pages[index].fileName] = PageTemplate.chapterPage(index, of: book)
        }
        for asset in try SiteAssets.files() {
            files[asset.path] = asset.contents
        }
        let invalid = SiteValidator.problems(in: files)
        guard invalid.isEmpty else {
            throw Diagnostics(invalid.map { Diagnostic(file: "site", line: 1, message: $0) })
        }
        return files.mapValues { Data($0.utf8) }
    }

    /// A chapter rendered, before cross-references between chapters are resolved.
    struct Draft {
        var chapter: Chapter
        var number: Int
        var fileName: String
        var summary: String
        var bodyHTML: String
        var sections: [SectionHeading]
        var searchSections: [SearchIndex.Section]
    }

    static func draft(_ verified: VerifiedChapter, table: inout CrossReferenceTable) throws -> Draft {
        let chapter = verified.chapter
        let fileStem = chapter.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? chapter.name
        let fileName = fileStem + ".html"
        let number = Int(fileStem.prefix { $0.isNumber }) ?? 0
        var counters = ChapterCounters(chapter: number)
        var problems: [Diagnostic] = []

        // 1. Math out of cmark's way; labelled equations get numbers.
        let protected = MathProtection.protect(chapter.document.source)
        var equationNumbers: [String: String] = [:]
        for span in protected.spans {
            guard let label = span.label else { continue }
            let equation = counters.nextEquation()
            equationNumbers[label] = equation
            do {
                try table.define(label, kind: .equation, number: equation, page: fileName, anchor: label)
            } catch {
                problems.append(Diagnostic(file: chapter.path, line: span.line, column: span.column, message: error.message))
            }
        }

        // 2. Prose through cmark; each snippet replaced by its highlighted code, verified output
        //    and figures; output blocks dropped (their text is shown with their snippet).
        let snippetsByLine = Dictionary(uniqueKeysWithValues: chapter.snippets.map { ($0.fenceLine, $0) })
        let outputLines = Set(chapter.snippets.compactMap { $0.expectedOutput?.fenceLine })
        let document = Document(parsing: protected.markdown, options: [.smartPunctuation])
        var figureIDs: Set<String> = []
        let sourceLines = protected.markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var html = document.renderHTML { node in
            if node.kind == .paragraph, node.end.line <= sourceLines.count,
               let table = PipeTable(lines: Array(sourceLines[(node.start.line - 1)..<node.end.line])) {
                return table.html(inline: inlineHTML)
            }
            guard node.kind == .codeBlock, node.isFenced else { return nil }
            if outputLines.contains(node.start.line) { return "" }
            guard let snippet = snippetsByLine[node.start.line] else { return nil }
            let figures = verified.figures[snippet.index - 1].map { figure -> FigureHTML in
                let figureNumber = counters.nextFigure()
                let id = "figure-" + figureNumber.replacingOccurrences(of: ".", with: "-")
                figureIDs.insert(id)
                return FigureHTML(label: id, number: figureNumber, captionHTML: escapeHTML(svgTitle(figure.svg) ?? ""), svg: figure.svg)
            }
            let tables = verified.figures[snippet.index - 1].map(\.tableHTML)
            if snippet.visibleCode.isEmpty, figures.isEmpty, (snippet.expectedOutput?.text ?? "").isEmpty { return "" }
            var rendered = SnippetHTML.render(code: snippet.visibleCode, output: snippet.expectedOutput?.text, figures: figures)
            // The numbers behind each figure, for readers who cannot see it.
            for (figure, table) in zip(figures, tables) {
                guard let table, !table.isEmpty else { continue }
                let details = "<details class=\"figure-data\"><summary>The numbers behind figure \(figure.number ?? "")</summary>\n\(table)\n</details>\n"
                if let end = rendered.range(of: "</div>\n", options: .backwards) {
                    rendered.insert(contentsOf: details, at: end.lowerBound)
                }
            }
            if snippet.isSolution {
                // Exercises' answers stay folded until a reader opens them.
                rendered = "<details class=\"solution\"><summary>Solution</summary>\n\(rendered)</details>\n"
            }
            return rendered
        }

        // 3. Math back in, as MathML.
        do {
            let mathML = try protected.renderMathML()
            html = protected.restore(in: html, mathML: mathML, equationNumbers: equationNumbers)
        } catch {
            problems.append(Diagnostic(file: chapter.path, line: error.line, column: error.column, message: error.message))
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }

        // 4. Numbered headings with anchors; `{#sec:…}` labels become cross-reference targets.
        let headings = HeadingRewriter.rewrite(html, chapter: number, reserved: figureIDs.union(equationNumbers.keys))
        for (label, heading) in headings.labels.sorted(by: { $0.key < $1.key }) {
            do {
                try table.define(label, kind: .section, number: heading.number, page: fileName, anchor: heading.anchor)
            } catch {
                problems.append(Diagnostic(file: chapter.path, line: 1, message: error.message))
            }
        }
        do {
            try table.define("ch:\(chapter.name)", kind: .chapter, number: String(number), page: fileName, anchor: nil)
        } catch {
            problems.append(Diagnostic(file: chapter.path, line: 1, message: error.message))
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }

        return Draft(
            chapter: chapter, number: number, fileName: fileName,
            summary: summary(of: document),
            bodyHTML: headings.html,
            sections: headings.sections,
            searchSections: searchSections(chapter, document: document, sections: headings.sections, snippetsByLine: snippetsByLine, fileName: fileName, protected: protected)
        )
    }

    /// One table cell's Markdown as inline HTML (cmark's paragraph without its `<p>`).
    static func inlineHTML(_ markdown: String) -> String {
        var html = Document(parsing: markdown, options: [.smartPunctuation]).renderHTML()
        if html.hasPrefix("<p>") { html.removeFirst(3) }
        if html.hasSuffix("</p>\n") { html.removeLast(5) }
        return html.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The first sentence of the chapter's first paragraph, for the table of contents.
    static func summary(of document: Document) -> String {
        guard let paragraph = document.root.children.first(where: { $0.kind == .paragraph }) else { return "" }
        let text = paragraph.plainText
        if let end = text.range(of: ". ") { return String(text[..<end.lowerBound]) + "." }
        return text
    }

    /// One search entry per section: its prose and the code of its snippets. Math placeholders
    /// are left out of the prose (the TeX is not useful to search).
    static func searchSections(_ chapter: Chapter, document: Document, sections: [SectionHeading], snippetsByLine: [Int: Snippet], fileName: String, protected: ProtectedMarkdown) -> [SearchIndex.Section] {
        let placeholders = Set(protected.spans.map(\.placeholder))
        var entries = [SearchIndex.Section(page: fileName, pageTitle: chapter.title, anchor: "", title: chapter.title, text: "", code: "")]
        var headingIndex = 0
        func add(_ node: Node) {
            switch node.kind {
            case .heading where (node.headingLevel ?? 1) >= 2:
                guard headingIndex < sections.count else { return }
                let section = sections[headingIndex]
                headingIndex += 1
                entries.append(SearchIndex.Section(page: fileName, pageTitle: chapter.title, anchor: section.anchor, title: "\(section.number) \(section.title)", text: "", code: ""))
            case .heading:
                return
            case .codeBlock:
                if let snippet = snippetsByLine[node.start.line] { entries[entries.count - 1].code += snippet.visibleCode }
            case .paragraph, .item, .blockQuote, .list:
                if node.kind == .paragraph {
                    let words = node.plainText.split(separator: " ").filter { !placeholders.contains(String($0)) }
                    entries[entries.count - 1].text += words.joined(separator: " ") + " "
                } else {
                    node.children.forEach(add)
                }
            default:
                return
            }
        }
        document.root.children.forEach(add)
        return entries.map { entry in
            var entry = entry
            entry.text = entry.text.trimmingCharacters(in: .whitespaces)
            return entry
        }
    }

    /// The text of an SVG's `<title>` element, unescaped.
    static func svgTitle(_ svg: String) -> String? {
        guard let open = svg.range(of: "<title"), let start = svg[open.upperBound...].firstIndex(of: ">"),
              let close = svg[start...].range(of: "</title>") else { return nil }
        return svg[svg.index(after: start)..<close.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
