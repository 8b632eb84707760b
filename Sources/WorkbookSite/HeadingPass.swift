import WorkbookCore

/// Pass 3: headings are numbered (3.2) and get anchors.
///
/// The chapter's first level-1 heading is its title: it leaves the body (the page template
/// writes it). Every other heading gets the next number and a slug unique on the page (never one
/// of `reserved`, the anchors of figures and equations); `{#sec:name}` at the end of a heading
/// names it instead, as a cross-reference label. The site numbers headings, so a heading that
/// starts with a number of its own ("1. The message") would be numbered twice: that is reported
/// at its line.
struct HeadingPass {
    let path: String
    let chapter: Int
    /// How a heading with a hand-written number is reported.
    var handNumberSeverity: Diagnostic.Severity = .error
    var problems: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    var title: String?
    var sections: [SectionHeading] = []
    /// `{#label}` names, with their heading and line.
    var labels: [(label: String, heading: SectionHeading, line: Int, column: Int)] = []

    /// Ids the page template uses, which no heading may take.
    static let templateIDs: Set<String> = ["chapter-title", "content", "sidebar", "search-input", "search-results",
                                           "theme-toggle", "nav-toggle", "contents"]

    mutating func run(_ tree: PageNode, reserved: Set<String>) -> PageNode {
        var slugs = SlugGenerator(reserved: reserved.union(Self.templateIDs))
        var numbers = HeadingNumberer(chapter: chapter)
        var pass = self
        let result = tree.rewrittenTopDown { node in
            guard case .heading(var heading) = node.kind else { return [node] }
            if heading.level == 1, pass.title == nil {
                pass.title = node.plainText.trimmingWhitespace()
                return []
            }
            var node = node
            let explicit = Self.takeExplicitID(&node)
            let title = node.plainText.trimmingWhitespace()
            if let written = Self.handWrittenNumber(title) {
                let diagnostic = Diagnostic(pass.handNumberSeverity, file: pass.path, line: node.line, column: node.column,
                                            message: "heading starts with the number \"\(written)\"; the site numbers headings itself, so remove it")
                if pass.handNumberSeverity == .error { pass.problems.append(diagnostic) } else { pass.warnings.append(diagnostic) }
            }
            let anchor: String
            if let explicit {
                if slugs.reserve(explicit) {
                    anchor = explicit
                } else {
                    pass.problems.append(Diagnostic(file: pass.path, line: node.line, column: node.column,
                                                    message: "the id {#\(explicit)} is already used on this page"))
                    anchor = slugs.slug(for: title)
                }
            } else {
                anchor = slugs.slug(for: title)
            }
            heading.number = numbers.next(level: heading.level)
            heading.anchor = anchor
            node.kind = .heading(heading)
            let section = SectionHeading(level: heading.level, number: heading.number ?? "", title: title, anchor: anchor)
            pass.sections.append(section)
            if let explicit { pass.labels.append((explicit, section, node.line, node.column)) }
            return [node]
        }
        self = pass
        return result.first ?? tree
    }

    /// Removes a trailing `{#id}` from the heading's last text and returns the id.
    static func takeExplicitID(_ heading: inout PageNode) -> String? {
        guard let last = heading.children.indices.last, case .text(let text) = heading.children[last].kind else { return nil }
        let split = splitExplicitID(text)
        guard let id = split.id else { return nil }
        if split.text.isEmpty {
            heading.children.removeLast()
        } else {
            heading.children[last].kind = .text(text.hasPrefix(" ") ? " " + split.text : split.text)
        }
        // The space before `{#…}` was part of the text; drop what is left of it at the end.
        if let end = heading.children.indices.last, case .text(let rest) = heading.children[end].kind {
            heading.children[end].kind = .text(String(rest.reversed().drop(while: \.isWhitespace).reversed()))
        }
        return id
    }

    /// "1." or "4.1" at the start of a title followed by a space: a number written by hand.
    static func handWrittenNumber(_ title: String) -> String? {
        let number = title.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard let first = number.first, first.isNumber, title.dropFirst(number.count).first == " " else { return nil }
        // "1." or "1.2" or "1.2." — but not a year or a quantity ("2008 was", "3 gates").
        guard number.contains(".") else { return nil }
        return String(number)
    }
}

extension PageNode {
    /// Like `rewritten`, but `transform` sees each node before its children (which it may change),
    /// and the children of what it returns are then rewritten in turn.
    func rewrittenTopDown(_ transform: (PageNode) throws -> [PageNode]) rethrows -> [PageNode] {
        try transform(self).map { node in
            var node = node
            node.children = try node.children.flatMap { try $0.rewrittenTopDown(transform) }
            return node
        }
    }
}
