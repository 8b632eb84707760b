/// The one HTML writer: walks a page tree and writes XHTML-compatible HTML5.
///
/// Every piece of text on a page goes through `XMLEscaping` here, so a snippet that prints
/// `<script>` shows that text, and every page stays well-formed XML. The only markup written
/// as given is what the toolchain itself produced: highlighted Swift (`SwiftHighlighter`), MathML
/// (`MathML`) and the figures module's SVG and data tables.
///
/// The same chapter is written twice: on its own page, and on the print page, which holds every
/// chapter, so there every id gets the chapter's prefix and every link becomes a link within
/// the page (`links`).
struct HTMLWriter {
    /// How links and ids are written for one page.
    struct Links {
        /// Prepended to every id the chapter defines ("" on its own page, "ch3-" on the print page).
        var idPrefix: String
        /// The href of `anchor` (nil: the top) on chapter page `page`.
        var href: (_ page: String, _ anchor: String?) -> String

        /// Links as seen from chapter page `current`.
        static func chapterPage(_ current: String) -> Links {
            Links(idPrefix: "") { page, anchor in
                if page == current { return "#" + (anchor ?? "chapter-title") }
                return page + (anchor.map { "#" + $0 } ?? "")
            }
        }

        /// Links within the print page, for the chapter whose page is `current`.
        static func printPage(_ current: String) -> Links {
            Links(idPrefix: printPrefix(current)) { page, anchor in
                "#" + (anchor.map { printPrefix(page) + $0 } ?? printID(page))
            }
        }

        /// "03-lstm.html" → "ch3-": ids must not start with a digit (SVG and XML names).
        static func printPrefix(_ page: String) -> String { printID(page) + "-" }

        /// "03-lstm.html" → "ch3", the id of the chapter's section on the print page.
        static func printID(_ page: String) -> String {
            let number = page.prefix { $0.isNumber }
            return "ch" + (Int(number).map(String.init) ?? XMLEscaping.idToken(String(page.prefix { $0 != "." })))
        }
    }

    var links: Links
    private var out = ""
    /// Inside a tight list item, paragraphs are written without `<p>` (as CommonMark does).
    private var tight = false

    init(links: Links) {
        self.links = links
    }

    /// The HTML of `tree`'s children (the body of a chapter).
    static func html(_ tree: PageNode, links: Links) -> String {
        var writer = HTMLWriter(links: links)
        for child in tree.children { writer.write(child) }
        return writer.out
    }

    /// The inline HTML of `node`'s children (a heading's title, a cell).
    static func inlineHTML(_ node: PageNode, links: Links) -> String {
        var writer = HTMLWriter(links: links)
        for child in node.children { writer.write(child) }
        return writer.out
    }

    private func id(_ anchor: String) -> String { XMLEscaping.attribute(links.idPrefix + anchor) }

    private mutating func children(_ node: PageNode) {
        for child in node.children { write(child) }
    }

    private mutating func text(_ string: String) { out += XMLEscaping.text(string) }

    mutating func write(_ node: PageNode) {
        switch node.kind {
        case .document:
            children(node)
        case .paragraph:
            if tight {
                children(node)
                out += "\n"
            } else {
                out += "<p>"
                children(node)
                out += "</p>\n"
            }
        case .heading(let heading):
            let level = min(max(heading.level, 1), 6)
            guard let anchor = heading.anchor, let number = heading.number else {
                out += "<h\(level)>"
                children(node)
                out += "</h\(level)>\n"
                return
            }
            out += "<h\(level) id=\"\(id(anchor))\"><span class=\"secno\">\(XMLEscaping.text(number))</span> "
            children(node)
            out += " <a class=\"anchor\" href=\"#\(id(anchor))\" aria-label=\"Link to section \(XMLEscaping.attribute(number))\">#</a></h\(level)>\n"
        case .blockQuote:
            out += "<blockquote>\n"
            let wasTight = tight
            tight = false
            children(node)
            tight = wasTight
            out += "</blockquote>\n"
        case .list(let ordered, let start, let isTight):
            out += ordered ? (start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n") : "<ul>\n"
            let wasTight = tight
            for item in node.children {
                tight = isTight
                out += "<li>"
                if !isTight { out += "\n" }
                children(item)
                if isTight, out.hasSuffix("\n") { out.removeLast() }
                out += "</li>\n"
            }
            tight = wasTight
            out += ordered ? "</ol>\n" : "</ul>\n"
        case .item:
            children(node)
        case .codeBlock(let info, let code):
            let language = info.split(separator: " ").first.map(String.init) ?? ""
            out += "<pre class=\"code\" tabindex=\"0\"><code"
            if !language.isEmpty { out += " class=\"language-\(XMLEscaping.attribute(language))\"" }
            out += ">\(XMLEscaping.text(code))</code></pre>\n"
        case .rawHTML(let html, let block):
            out += block ? "<pre class=\"raw-html\">\(XMLEscaping.text(html))</pre>\n" : XMLEscaping.text(html)
        case .thematicBreak:
            out += "<hr/>\n"
        case .table:
            out += "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n<table>\n"
            let header = node.children.filter { if case .tableRow(true) = $0.kind { return true } else { return false } }
            let body = node.children.filter { if case .tableRow(false) = $0.kind { return true } else { return false } }
            if !header.isEmpty {
                out += "<thead>\n"
                header.forEach { write($0) }
                out += "</thead>\n"
            }
            if !body.isEmpty {
                out += "<tbody>\n"
                body.forEach { write($0) }
                out += "</tbody>\n"
            }
            out += "</table>\n</div>\n"
        case .tableRow:
            out += "<tr>"
            children(node)
            out += "</tr>\n"
        case .tableCell(let alignment, let header):
            let tag = header ? "th" : "td"
            out += alignment == .none ? "<\(tag)>" : "<\(tag) class=\"align-\(alignment.rawValue)\">"
            children(node)
            out += "</\(tag)>"
        case .text(let string):
            text(string)
        case .code(let code):
            out += "<code>\(XMLEscaping.text(code))</code>"
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br/>\n"
        case .emphasis:
            out += "<em>"
            children(node)
            out += "</em>"
        case .strong:
            out += "<strong>"
            children(node)
            out += "</strong>"
        case .link, .image:
            // Refused by the reference pass; if one got here, its text is what is left of it.
            children(node)
        case .internalLink(let page, let anchor, let title):
            out += "<a href=\"\(XMLEscaping.attribute(links.href(page, anchor)))\""
            if !title.isEmpty { out += " title=\"\(XMLEscaping.attribute(title))\"" }
            out += ">"
            children(node)
            out += "</a>"
        case .math(let tex, _):
            text(tex)
        case .mathML(let mathML):
            // A box of its own, so that a formula wider than the column scrolls inside it (book.css).
            out += "<span class=\"math-inline\">" + mathML + "</span>"
        case .nowrap:
            out += "<span class=\"nowrap\">"
            children(node)
            out += "</span>"
        case .equation(let equation):
            out += "<div class=\"equation\" id=\"\(id(equation.anchor))\">\n"
            out += "<div class=\"math-display\" tabindex=\"0\" role=\"region\" aria-label=\"Equation \(XMLEscaping.attribute(equation.number))\">"
            out += equation.mathML + "</div>\n"
            out += "<a class=\"equation-number\" href=\"#\(id(equation.anchor))\" aria-label=\"Link to equation \(XMLEscaping.attribute(equation.number))\">(\(XMLEscaping.text(equation.number)))</a>\n"
            out += "</div>\n"
        case .snippet(let snippet):
            if snippet.isSolution { out += "<details class=\"solution\"><summary>Solution</summary>\n" }
            let lineCount = (snippet.lines.isEmpty ? snippet.code.split(separator: "\n").count : snippet.lines.count)
                + snippet.output.split(separator: "\n").count
            // Short snippets stay whole on a printed page; longer ones may break between lines.
            out += lineCount <= Self.shortSnippetLines ? "<div class=\"snippet short\">\n" : "<div class=\"snippet\">\n"
            if !snippet.code.isEmpty {
                let hidden = snippet.lines.filter(\.hidden).count
                out += "<pre class=\"code\" tabindex=\"0\""
                if hidden > 0 { out += " data-hidden-lines=\"\(hidden)\"" }
                out += "><code class=\"language-swift\">"
                out += snippet.lines.isEmpty ? SwiftHighlighter.highlight(snippet.code) : Self.codeWithHiddenLines(snippet.lines)
                out += "</code></pre>\n"
            }
            if !snippet.output.isEmpty {
                out += "<pre class=\"output\" tabindex=\"0\" aria-label=\"Output\"><samp>\(XMLEscaping.text(snippet.output))</samp></pre>\n"
            }
            children(node)
            out += "</div>\n"
            if snippet.isSolution { out += "</details>\n" }
        case .figure(let figure):
            // On a phone the figure keeps a size at which its text is readable and scrolls sideways.
            out += "<figure class=\"plot\" id=\"\(id(figure.anchor))\">\n"
            out += "<div class=\"figure-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Figure \(XMLEscaping.attribute(figure.number))\">"
            out += Self.inlineSVG(figure.svg) + "</div>\n"
            out += "<figcaption><a class=\"figure-number\" href=\"#\(id(figure.anchor))\">Figure \(XMLEscaping.text(figure.number))</a>"
            if !figure.caption.isEmpty { out += " " + XMLEscaping.text(figure.caption) }
            out += "</figcaption>\n</figure>\n"
            if let table = figure.tableHTML, !table.isEmpty {
                out += "<details class=\"figure-data\"><summary>The numbers behind figure \(XMLEscaping.text(figure.number))</summary>\n"
                out += "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Data of figure \(XMLEscaping.attribute(figure.number))\">\n"
                out += table + (table.hasSuffix("\n") ? "" : "\n") + "</div>\n</details>\n"
            }
        case .reference(let label):
            text("{@\(label)}")
        case .crossReference(let target):
            out += "<a class=\"xref\" href=\"\(XMLEscaping.attribute(links.href(target.page, target.anchor)))\">"
            text(target.text)
            switch target.preview {
            case .none: break
            case .mathML(let mathML):
                out += "<span class=\"xref-preview\" aria-hidden=\"true\">\(mathML)</span>"
            case .text(let caption):
                out += "<span class=\"xref-preview\" aria-hidden=\"true\">\(XMLEscaping.text(caption))</span>"
            }
            out += "</a>"
        }
    }

    /// A snippet of at most this many lines (code and output) is kept on one printed page.
    static let shortSnippetLines = 14

    /// Highlighted code whose hidden lines are wrapped, run by run, in
    /// `<span class="hidden-code">`: folded by the style sheet, shown by the page's "Show hidden
    /// lines" button. The whole code is highlighted at once, so a token spanning lines (a
    /// multi-line string) keeps its colour; each line's markup is closed at its end.
    static func codeWithHiddenLines(_ lines: [PageNode.CodeLine]) -> String {
        let code = lines.map(\.text).joined(separator: "\n") + "\n"
        var html: [String] = [""]
        for token in SwiftHighlighter.tokens(code) {
            let pieces = token.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, piece) in pieces.enumerated() {
                if i > 0 { html.append("") }
                guard !piece.isEmpty else { continue }
                let text = XMLEscaping.text(String(piece))
                html[html.count - 1] += token.className.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
            }
        }
        var out = ""
        var index = 0
        while index < lines.count {
            let hidden = lines[index].hidden
            var end = index
            while end < lines.count, lines[end].hidden == hidden { end += 1 }
            let run = (index..<end).map { ($0 < html.count ? html[$0] : "") + "\n" }.joined()
            out += hidden ? "<span class=\"hidden-code\">\(run)</span>" : run
            index = end
        }
        return out
    }

    /// The `<svg>` element alone: an XML declaration, doctype or comments before it are dropped,
    /// since they are not allowed in the middle of a page.
    static func inlineSVG(_ document: String) -> String {
        guard let start = document.range(of: "<svg") else { return document }
        return String(document[start.lowerBound...]).trimmingWhitespace()
    }
}
