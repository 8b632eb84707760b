import WorkbookCore

/// Pass 2: TeX becomes MathML.
///
/// Inline math becomes `mathML`, kept on one line with the punctuation around it (`nowrap`), so a
/// line never starts with the comma after a formula. Display math becomes a numbered, linkable
/// `equation` (Equation 3.1, anchor `equation-3-1`, or the name given by `\label{eq:name}`), and
/// the paragraph it stood in is split around it, since a `<div>` cannot sit inside a `<p>`.
/// A TeX error is reported at the Markdown line and column of the offending command.
struct MathPass {
    let path: String
    var counters: ChapterCounters
    var problems: [Diagnostic] = []
    /// `\label{…}` names, each with the number and anchor of its equation and where it was written.
    var labels: [(label: String, number: String, anchor: String, line: Int, column: Int)] = []

    mutating func run(_ tree: PageNode) -> PageNode {
        var pass = self
        let result = tree.rewritten { node in
            switch node.kind {
            case .math(let tex, let display):
                return [pass.convert(tex: tex, display: display, at: node)]
            case .text(let text) where text.contains("$$"):
                // cmark-gfm read the math syntax and found no closing `$$` in this paragraph:
                // a line inside the display started a new Markdown block, or it is not closed.
                let offset = text.utf8.distance(from: text.utf8.startIndex, to: text.range(of: "$$")!.lowerBound.samePosition(in: text.utf8)!)
                pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column + offset,
                    message: "display math $$ is not closed in its paragraph (a line inside it may start a list, a heading or a quote; write \\$ for a dollar sign)"))
                return [node]
            case .paragraph:
                return MathPass.splitAroundEquations(MathPass.keepingPunctuation(node))
            case .heading, .tableCell:
                if let equation = node.children.first(where: { if case .equation = $0.kind { return true } else { return false } }) {
                    pass.problems.append(Diagnostic(file: pass.path, line: equation.line, column: equation.column,
                                                    message: "display math ($$…$$) cannot stand in a heading or a table cell; use $…$"))
                }
                return [MathPass.keepingPunctuation(node)]
            case .emphasis, .strong, .link:
                return [MathPass.keepingPunctuation(node)]
            default:
                return [node]
            }
        }
        self = pass
        return result.first ?? tree
    }

    private mutating func convert(tex: String, display: Bool, at node: PageNode) -> PageNode {
        var source = tex
        var label: String?
        // `\label{eq:name}` names a display equation; it is blanked out (offsets stay right).
        if display, let range = source.range(of: "\\label{"), let close = source[range.upperBound...].firstIndex(of: "}") {
            label = String(source[range.upperBound..<close])
            source.replaceSubrange(range.lowerBound...close, with: String(repeating: " ", count: source[range.lowerBound...close].count))
        }
        let annotation = source.trimmingWhitespace()
        let mathML: String
        do {
            mathML = try MathML.render(source, display: display ? .block : .inline, annotation: annotation)
        } catch {
            let (line, column) = Self.location(of: error.offset, in: tex, start: node, dollars: display ? 2 : 1)
            problems.append(Diagnostic(file: path, line: line, column: column, message: error.message))
            return PageNode(.text(""), line: node.line, column: node.column)
        }
        guard display else { return PageNode(.mathML(mathML), line: node.line, column: node.column) }
        let number = counters.nextEquation()
        let anchor = label ?? "equation-" + number.replacingAll(".", with: "-")
        if let label {
            let (line, column) = Self.location(of: tex.distance(from: tex.startIndex, to: tex.range(of: "\\label{")!.lowerBound),
                                               in: tex, start: node, dollars: 2)
            labels.append((label, number, anchor, line, column))
        }
        return PageNode(.equation(PageNode.Equation(mathML: mathML, number: number, anchor: anchor)), line: node.line, column: node.column)
    }

    /// The Markdown line and column of character `offset` of the TeX of a span that starts (its
    /// first dollar) at `start`.
    static func location(of offset: Int, in tex: String, start: PageNode, dollars: Int) -> (line: Int, column: Int) {
        var line = start.line, column = start.column + dollars
        for character in tex.prefix(offset) {
            if character.isNewline { line += 1; column = 1 } else { column += character.utf8.count }
        }
        return (line, column)
    }

    /// Wraps inline math with the punctuation right before and after it in `nowrap`, so that
    /// "($x$)," never breaks inside. Math that ends (or starts) an emphasis, a strong span or a link
    /// keeps the punctuation outside it too: `*$x$*,` becomes `<span class="nowrap"><em>…</em>,</span>`.
    static func keepingPunctuation(_ node: PageNode) -> PageNode {
        guard node.children.contains(where: { startsWithMath($0) || endsWithMath($0) }) else { return node }
        let opening: Set<Character> = ["(", "[", "“", "‘", "\""]
        let closing: Set<Character> = [".", ",", ";", ":", "!", "?", ")", "]", "”", "’", "'", "\"", "…"]
        var items = node.children
        var out: [PageNode] = []
        for i in items.indices {
            let before = startsWithMath(items[i]), after = endsWithMath(items[i])
            guard before || after else {
                if case .text(let text) = items[i].kind, text.isEmpty { continue }
                out.append(items[i])
                continue
            }
            var group = [items[i]]
            // Punctuation glued before the math: the end of the previous text.
            if before, let last = out.last, case .text(let before) = last.kind {
                let glued = String(before.reversed().prefix { opening.contains($0) }.reversed())
                if !glued.isEmpty {
                    out.removeLast()
                    let rest = String(before.dropLast(glued.count))
                    if !rest.isEmpty { out.append(PageNode(.text(rest), line: last.line, column: last.column)) }
                    group.insert(PageNode(.text(glued), line: last.line, column: last.column + rest.utf8.count), at: 0)
                }
            }
            // Punctuation glued after it: the start of the next text, which keeps the rest.
            if after, i + 1 < items.count, case .text(let after) = items[i + 1].kind {
                let glued = String(after.prefix { closing.contains($0) })
                if !glued.isEmpty {
                    group.append(PageNode(.text(glued), line: items[i + 1].line, column: items[i + 1].column))
                    items[i + 1].kind = .text(String(after.dropFirst(glued.count)))
                    items[i + 1].column += glued.utf8.count
                }
            }
            out.append(group.count == 1 ? group[0] : PageNode(.nowrap, line: group[0].line, column: group[0].column, children: group))
        }
        var result = node
        result.children = out
        return result
    }

    /// Whether `node` is inline math, or an emphasis, strong span, link or `nowrap` whose first
    /// (`startsWithMath`) or last (`endsWithMath`) inline is.
    static func startsWithMath(_ node: PageNode) -> Bool { mathAtEdge(node, first: true) }
    static func endsWithMath(_ node: PageNode) -> Bool { mathAtEdge(node, first: false) }

    private static func mathAtEdge(_ node: PageNode, first: Bool) -> Bool {
        switch node.kind {
        case .mathML: return true
        case .emphasis, .strong, .link, .nowrap:
            return (first ? node.children.first : node.children.last).map { mathAtEdge($0, first: first) } ?? false
        default: return false
        }
    }

    /// A paragraph holding display math becomes paragraph, equation, paragraph (empty parts and
    /// the line breaks next to the equation dropped).
    static func splitAroundEquations(_ paragraph: PageNode) -> [PageNode] {
        guard paragraph.children.contains(where: { if case .equation = $0.kind { return true } else { return false } }) else {
            return [paragraph]
        }
        var result: [PageNode] = []
        var current: [PageNode] = []
        func flush() {
            while let first = current.first, first.isBlankInline { current.removeFirst() }
            while let last = current.last, last.isBlankInline { current.removeLast() }
            if let first = current.first {
                result.append(PageNode(.paragraph, line: first.line, column: first.column, children: current))
            }
            current = []
        }
        for child in paragraph.children {
            if case .equation = child.kind {
                flush()
                result.append(child)
            } else {
                current.append(child)
            }
        }
        flush()
        return result
    }
}

extension PageNode {
    /// A line break or whitespace-only text.
    var isBlankInline: Bool {
        switch kind {
        case .softBreak, .lineBreak: return true
        case .text(let text): return text.allSatisfy(\.isWhitespace)
        default: return false
        }
    }
}
