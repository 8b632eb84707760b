import CommonMark

/// One node of a chapter page: what the Markdown said, and what the passes made of it.
///
/// A chapter is parsed once (cmark-gfm, with tables and math); `PageNode(markdown:)` converts
/// that tree, the passes in `ChapterPasses` rewrite it in order, `HTMLWriter` walks it once to
/// write the page and `SearchSections` walks it again for the search index. Every node keeps
/// the Markdown line and column it came from, so every problem a pass finds is reported at
/// `chapters/NN-name.md:LINE:COLUMN`.
struct PageNode: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        // Blocks, as the Markdown has them
        case document
        case paragraph
        case heading(Heading)
        case blockQuote
        case list(ordered: Bool, start: Int, tight: Bool)
        case item
        /// A code block that is not a snippet (```text, indented code…): shown as written.
        case codeBlock(info: String, code: String)
        /// Raw HTML written by the author: never passed through, shown as text.
        case rawHTML(String, block: Bool)
        case thematicBreak
        case table
        case tableRow(header: Bool)
        case tableCell(TableAlignment, header: Bool)
        // Inlines, as the Markdown has them
        case text(String)
        case code(String)
        case softBreak
        case lineBreak
        case emphasis
        case strong
        case link(destination: String, title: String)
        case image(source: String, title: String)
        case math(tex: String, display: Bool)
        // Made by the passes
        /// A verified snippet; its children are its figures (`figure`).
        case snippet(Snippet)
        case figure(Figure)
        /// Inline math, converted.
        case mathML(String)
        /// Display math, converted, numbered and linkable.
        case equation(Equation)
        /// Inline content that must not break across lines (math and the punctuation after it).
        case nowrap
        /// `{@label}` before the labels of every chapter are known.
        case reference(label: String)
        /// `{@label}` resolved.
        case crossReference(CrossReferenceTable.Target)
        /// A link to a page or anchor of the site, checked: `href` as written on a chapter page.
        case internalLink(page: String, anchor: String?, title: String)
    }

    struct Heading: Equatable, Sendable {
        var level: Int
        /// "3.2", set by the heading pass (nil before it, and for the chapter title).
        var number: String?
        /// The element's id, set by the heading pass.
        var anchor: String?
    }

    struct Snippet: Equatable, Sendable {
        /// The code a reader sees (hidden lines left out).
        var code: String
        /// Every line that runs, hidden ones included (the `// snippet.hide` and `// snippet.show`
        /// markers left out), each with whether it is hidden from readers; empty when nothing is
        /// hidden. The page keeps hidden lines folded, and a reader can show them, so a copied
        /// snippet compiles.
        var lines: [CodeLine] = []
        /// What it printed, as verified (empty when nothing).
        var output: String
        /// An exercise's solution: shown folded.
        var isSolution: Bool
    }

    struct CodeLine: Equatable, Sendable {
        var text: String
        var hidden: Bool
    }

    struct Figure: Equatable, Sendable {
        var number: String
        var anchor: String
        var caption: String
        /// The SVG document as the figures module wrote it.
        var svg: String
        /// An HTML table of the plotted numbers, written by the figures module.
        var tableHTML: String?
    }

    struct Equation: Equatable, Sendable {
        var mathML: String
        var number: String
        var anchor: String
    }

    var kind: Kind
    var line: Int
    var column: Int
    var children: [PageNode] = []

    init(_ kind: Kind, line: Int, column: Int, children: [PageNode] = []) {
        self.kind = kind
        self.line = line
        self.column = column
        self.children = children
    }

    /// The page tree of a parsed Markdown document.
    init(_ node: Node) {
        let kind: Kind
        switch node.kind {
        case .document: kind = .document
        case .paragraph: kind = .paragraph
        case .heading: kind = .heading(Heading(level: node.headingLevel ?? 1))
        case .blockQuote: kind = .blockQuote
        case .list:
            kind = .list(ordered: node.list?.ordered ?? false, start: node.list?.start ?? 1, tight: node.list?.tight ?? false)
        case .item: kind = .item
        case .codeBlock: kind = .codeBlock(info: node.fenceInfo ?? "", code: node.literal ?? "")
        case .htmlBlock: kind = .rawHTML(node.literal ?? "", block: true)
        case .htmlInline: kind = .rawHTML(node.literal ?? "", block: false)
        case .customBlock, .customInline: kind = .text("")
        case .thematicBreak: kind = .thematicBreak
        case .table: kind = .table
        case .tableRow: kind = .tableRow(header: node.isHeaderRow)
        case .tableCell: kind = .tableCell(.none, header: false)
        case .text: kind = .text(node.literal ?? "")
        case .code: kind = .code(node.literal ?? "")
        case .softBreak: kind = .softBreak
        case .lineBreak: kind = .lineBreak
        case .emphasis: kind = .emphasis
        case .strong: kind = .strong
        case .link: kind = .link(destination: node.url ?? "", title: node.title ?? "")
        case .image: kind = .image(source: node.url ?? "", title: node.title ?? "")
        case .math: kind = .math(tex: node.literal ?? "", display: node.math?.display ?? false)
        }
        self.init(kind, line: node.start.line, column: node.start.column, children: node.children.map(PageNode.init))
        if case .table = kind {
            // Cells learn their column's alignment, and whether they are in the header row.
            let alignments = node.tableAlignments ?? []
            for r in children.indices {
                guard case .tableRow(let header) = children[r].kind else { continue }
                for c in children[r].children.indices {
                    children[r].children[c].kind = .tableCell(c < alignments.count ? alignments[c] : .none, header: header)
                }
            }
        }
    }

    /// What a reader sees of the inline content, without markup (math as its TeX).
    var plainText: String {
        switch kind {
        case .text(let text), .code(let text): return text
        case .math(let tex, _): return tex
        case .softBreak, .lineBreak: return " "
        case .crossReference(let target): return target.text
        case .reference(let label): return "{@\(label)}"
        default: return children.map(\.plainText).joined()
        }
    }

    /// Rewrites every node of the tree bottom-up: `transform` sees each node after its children
    /// and returns what replaces it (none, one or several nodes).
    func rewritten(_ transform: (PageNode) throws -> [PageNode]) rethrows -> [PageNode] {
        var copy = self
        copy.children = try children.flatMap { try $0.rewritten(transform) }
        return try transform(copy)
    }

    /// Visits every node in document order, parents before children.
    func forEach(_ body: (PageNode) throws -> Void) rethrows {
        try body(self)
        for child in children { try child.forEach(body) }
    }
}
