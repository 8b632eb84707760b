import WorkbookCore

/// Pass 4, in two steps around the moment every chapter's labels are known.
///
/// `mark` (per chapter): `{@label}` in prose text becomes a `reference` node (text only: code
/// spans and code blocks are other nodes, so a `{@…}` there stays as written); Markdown links
/// are checked to stay inside the book (`#anchor`, `NN-name.md#anchor`, `NN-name.html`), since
/// the site makes no network request and has no other files; images are refused (figures come
/// from the code).
///
/// `resolve` (after every chapter was marked): each reference becomes a `crossReference` link
/// to its target, each internal link is checked against the pages and anchors that exist.
/// Every problem is reported at the Markdown line of the reference or link.
struct ReferencePass {
    let path: String
    /// The chapter's page, e.g. "03-lstm.html".
    let page: String
    var problems: [Diagnostic] = []

    mutating func mark(_ tree: PageNode) -> PageNode {
        var pass = self
        let result = tree.rewritten { node in
            switch node.kind {
            case .text(let text):
                return ReferencePass.splitReferences(text, at: node)
            case .link(let destination, let title):
                guard let link = pass.internalLink(destination) else {
                    pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column,
                        message: "link to '\(destination)' leaves the book; links may point to '#anchor' or to a chapter ('03-lstm.md#anchor')"))
                    return node.children
                }
                var node = node
                node.kind = .internalLink(page: link.page, anchor: link.anchor, title: title)
                return [node]
            case .image(let source, _):
                pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column,
                    message: "image '\(source)' is not supported; figures come from the code (show(…) from the Figures module)"))
                return node.children
            default:
                return [node]
            }
        }
        self = pass
        return result.first ?? tree
    }

    /// `#x` → this page; `NN-name.md#x` or `NN-name.html#x` → that chapter's page; else nil.
    func internalLink(_ destination: String) -> (page: String, anchor: String?)? {
        let parts = destination.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let file = String(parts[0])
        let anchor = parts.count == 2 ? String(parts[1]) : nil
        if file.isEmpty { return anchor.map { (page, $0) } }
        guard !SiteValidator.hasScheme(file), !file.contains("/"), !file.hasPrefix(".") else { return nil }
        if file.hasSuffix(".md") { return (String(file.dropLast(3)) + ".html", anchor) }
        if file.hasSuffix(".html") { return (file, anchor) }
        return nil
    }

    /// Text with `{@label}` in it, as text and reference nodes.
    static func splitReferences(_ text: String, at node: PageNode) -> [PageNode] {
        guard text.contains("{@") else { return [node] }
        var out: [PageNode] = []
        var rest = text[...]
        var column = node.column
        while let open = rest.range(of: "{@"), let close = rest[open.upperBound...].firstIndex(of: "}"),
              CrossReferenceTable.isLabel(rest[open.upperBound..<close]) {
            let before = rest[..<open.lowerBound]
            if !before.isEmpty { out.append(PageNode(.text(String(before)), line: node.line, column: column)) }
            column += before.utf8.count
            out.append(PageNode(.reference(label: String(rest[open.upperBound..<close])), line: node.line, column: column))
            column += rest[open.lowerBound...close].utf8.count
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { out.append(PageNode(.text(String(rest)), line: node.line, column: column)) }
        return out
    }

    /// Resolves references and checks links; `anchors` holds every page's ids.
    mutating func resolve(_ tree: PageNode, table: CrossReferenceTable, anchors: [String: Set<String>]) -> PageNode {
        var pass = self
        let result = tree.rewritten { node in
            switch node.kind {
            case .reference(let label):
                guard let target = table[label] else {
                    pass.problems.append(table.unknown(label, file: pass.path, line: node.line, column: node.column))
                    return []
                }
                return [PageNode(.crossReference(target), line: node.line, column: node.column)]
            case .internalLink(let page, let anchor, _):
                guard let ids = anchors[page] else {
                    pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column,
                        message: "link to \(page) points to no chapter of the book"))
                    return [node]
                }
                if let anchor, !ids.contains(anchor) {
                    pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column,
                        message: "link to \(page)#\(anchor) points to no anchor on that page"))
                }
                return [node]
            default:
                return [node]
            }
        }
        self = pass
        return result.first ?? tree
    }
}
