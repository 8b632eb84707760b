import WorkbookCore

/// Pass 1: every `swift` snippet becomes its highlighted code with the output it verifiably
/// printed and the figures it showed; output blocks are dropped (their text is shown with their
/// snippet, as verified). Figures are numbered per chapter: Figure 3.2, anchor `figure-3-2`.
struct SnippetPass {
    let verified: VerifiedChapter
    var counters: ChapterCounters

    mutating func run(_ tree: PageNode) -> PageNode {
        let snippets = Dictionary(uniqueKeysWithValues: verified.chapter.snippets.map { ($0.fenceLine, $0) })
        let outputLines = Set(verified.chapter.snippets.compactMap { $0.expectedOutput?.fenceLine })
        var pass = self
        let result = tree.rewritten { node in
            guard case .codeBlock = node.kind else { return [node] }
            if outputLines.contains(node.line) { return [] }
            guard let snippet = snippets[node.line] else { return [node] }
            return pass.snippetNode(snippet, at: node)
        }
        self = pass
        return result.first ?? tree
    }

    private mutating func snippetNode(_ snippet: WorkbookCore.Snippet, at node: PageNode) -> [PageNode] {
        let output = snippet.expectedOutput?.text ?? ""
        let figures = verified.figures[snippet.index - 1].map { figure -> PageNode in
            let number = counters.nextFigure()
            let value = PageNode.Figure(
                number: number, anchor: "figure-" + number.replacingAll(".", with: "-"),
                caption: Self.svgTitle(figure.svg) ?? "", svg: figure.svg, tableHTML: figure.tableHTML)
            return PageNode(.figure(value), line: node.line, column: node.column)
        }
        if snippet.visibleCode.isEmpty, figures.isEmpty, output.isEmpty { return [] }
        let value = PageNode.Snippet(code: snippet.visibleCode,
                                     lines: snippet.visibleCode.isEmpty ? [] : Self.codeLines(snippet.code),
                                     output: output, isSolution: snippet.isSolution)
        return [PageNode(.snippet(value), line: node.line, column: node.column, children: figures)]
    }

    /// `code`'s lines without the `// snippet.hide` and `// snippet.show` markers, each marked
    /// hidden or not (the rule of `ChapterParser.visibleCode`); empty when no line is hidden.
    static func codeLines(_ code: String) -> [PageNode.CodeLine] {
        let lines = markedLines(code)
        return lines.contains(where: \.hidden) ? lines : []
    }

    /// `code`'s lines without the hide/show markers, hidden ones included.
    static func allLines(_ code: String) -> [String] { markedLines(code).map(\.text) }

    static func markedLines(_ code: String) -> [PageNode.CodeLine] {
        var hidden = false
        var lines: [PageNode.CodeLine] = []
        var all = code.split(separator: "\n", omittingEmptySubsequences: false)
        if all.last == "" { all.removeLast() }
        for line in all {
            switch String(line).trimmingWhitespace() {
            case "// snippet.hide": hidden = true
            case "// snippet.show": hidden = false
            default: lines.append(PageNode.CodeLine(text: String(line), hidden: hidden))
            }
        }
        return lines
    }

    /// The text of an SVG's `<title>` element, unescaped (the figures module writes it escaped).
    static func svgTitle(_ svg: String) -> String? {
        guard let open = svg.range(of: "<title"), let start = svg[open.upperBound...].firstIndex(of: ">"),
              let close = svg[start...].range(of: "</title>") else { return nil }
        return XMLEscaping.unescape(String(svg[svg.index(after: start)..<close.lowerBound]))
    }
}
