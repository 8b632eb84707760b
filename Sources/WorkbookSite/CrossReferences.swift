import Foundation

/// Numbered, linkable targets (equations, figures, sections, chapters) and references to them.
///
/// Syntax in Markdown prose: `{@eq:cell}`, `{@fig:loss}`, `{@sec:forget-gate}`, `{@ch:lstm}`.
/// Each becomes a link whose text names the target: "Equation 3.1", "Figure 3.2", "Section 3.2",
/// "Chapter 3". Targets are defined by `\label{eq:…}` in display math, figure labels, and
/// `{#sec:…}` at the end of a heading. A reference to an undefined label is an error at its
/// Markdown line, so a broken cross-reference fails the build.
public struct CrossReferenceTable: Sendable {
    public enum Kind: String, Sendable {
        case equation = "Equation", figure = "Figure", section = "Section", chapter = "Chapter"
    }

    public struct Target: Sendable, Equatable {
        public var kind: Kind
        /// "3.1"
        public var number: String
        /// The page file, e.g. "03-lstm.html".
        public var page: String
        /// The fragment without "#"; nil for the top of the page.
        public var anchor: String?
    }

    public private(set) var targets: [String: Target] = [:]

    public init() {}

    /// Registers `label`; fails when the label is already defined (labels are book-wide).
    public mutating func define(_ label: String, kind: Kind, number: String, page: String, anchor: String?)
        throws(CrossReferenceError) {
        if let existing = targets[label] {
            throw CrossReferenceError(label: label, message: "label '\(label)' is defined twice (first as \(existing.kind.rawValue) \(existing.number) in \(existing.page))")
        }
        targets[label] = Target(kind: kind, number: number, page: page, anchor: anchor)
    }

    /// The link HTML for `label` as seen from `page`.
    public func link(to label: String, from page: String) -> String? {
        guard let target = targets[label] else { return nil }
        var href = target.page == page ? "" : target.page
        if let anchor = target.anchor { href += "#" + anchor }
        if href.isEmpty { href = "#chapter-title" }
        return "<a class=\"xref\" href=\"\(XMLEscaping.attribute(href))\">\(target.kind.rawValue)\u{A0}\(XMLEscaping.text(target.number))</a>"
    }

    /// Checks every reference found in one Markdown file; returns one error per broken reference.
    public func check(_ references: [CrossReference]) -> [CrossReferenceError] {
        references.compactMap { reference in
            guard targets[reference.label] == nil else { return nil }
            let prefix = reference.label.split(separator: ":").first.map { String($0) + ":" } ?? ""
            let similar = targets.keys.filter { $0.hasPrefix(prefix) }.sorted().prefix(5)
            let hint = similar.isEmpty ? "" : "; defined labels: " + similar.joined(separator: ", ")
            return CrossReferenceError(label: reference.label, line: reference.line, column: reference.column,
                                       message: "unknown cross-reference {@\(reference.label)}\(hint)")
        }
    }

    /// Replaces `{@label}` in rendered HTML (outside `<code>` and `<pre>`) with links.
    /// Fails on the first unknown label; `check` gives located errors for the Markdown.
    public func resolve(in html: String, page: String) throws(CrossReferenceError) -> String {
        var out = ""
        var rest = html[...]
        while let open = rest.range(of: "{@") {
            // Skip code: copy through the end of a <code> or <pre> element that starts first.
            if let code = Self.firstCodeElement(in: rest), code.start < open.lowerBound {
                out += rest[..<code.end]
                rest = rest[code.end...]
                continue
            }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let label = String(rest[open.upperBound..<close])
            guard CrossReference.isLabel(label) else {
                out += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            guard let link = link(to: label, from: page) else {
                throw CrossReferenceError(label: label, message: "unknown cross-reference {@\(label)}")
            }
            out += rest[..<open.lowerBound] + link
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private static func firstCodeElement(in html: Substring) -> (start: String.Index, end: String.Index)? {
        var best: (String.Index, String.Index)?
        for (openTag, closeTag) in [("<code", "</code>"), ("<pre", "</pre>")] {
            guard let start = html.range(of: openTag) else { continue }
            let end = html[start.upperBound...].range(of: closeTag)?.upperBound ?? html.endIndex
            if best == nil || start.lowerBound < best!.0 { best = (start.lowerBound, end) }
        }
        return best
    }
}

/// A `{@label}` in the Markdown, with where it is.
public struct CrossReference: Sendable, Equatable {
    public var label: String
    public var line: Int
    public var column: Int

    public init(label: String, line: Int, column: Int) {
        self.label = label
        self.line = line
        self.column = column
    }

    /// Labels are `kind:name` with letters, digits, `-`, `_` and `.`.
    static func isLabel(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }
    }

    /// Every `{@label}` outside code in `markdown`, in order.
    public static func find(in markdown: String) -> [CrossReference] {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let isCode = MathProtection.classifyCodeLines(lines)
        var found: [CrossReference] = []
        for (index, line) in lines.enumerated() where !isCode[index] {
            let chars = Array(line)
            var i = 0
            var inCodeSpan = 0  // length of the backtick run that opened the current code span
            while i < chars.count {
                if chars[i] == "`" {
                    var j = i
                    while j < chars.count, chars[j] == "`" { j += 1 }
                    if inCodeSpan == 0 { inCodeSpan = j - i } else if inCodeSpan == j - i { inCodeSpan = 0 }
                    i = j
                    continue
                }
                if inCodeSpan == 0, chars[i] == "{", i + 1 < chars.count, chars[i + 1] == "@",
                   let close = chars[(i + 2)...].firstIndex(of: "}") {
                    let label = String(chars[(i + 2)..<close])
                    if isLabel(label) {
                        found.append(CrossReference(label: label, line: index + 1, column: i + 1))
                        i = close + 1
                        continue
                    }
                }
                i += 1
            }
        }
        return found
    }
}

/// A broken or duplicate cross-reference. `line` and `column` are 0 when unknown (HTML stage).
public struct CrossReferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var label: String
    public var line: Int = 0
    public var column: Int = 0
    public var message: String

    public var description: String {
        line > 0 ? "\(line):\(column): error: \(message)" : "error: \(message)"
    }
}

/// Per-chapter counters for numbered equations and figures: "3.1", "3.2"…
public struct ChapterCounters: Sendable {
    public let chapter: Int
    private var equations = 0
    private var figures = 0

    public init(chapter: Int) {
        self.chapter = chapter
    }

    public mutating func nextEquation() -> String {
        equations += 1
        return "\(chapter).\(equations)"
    }

    public mutating func nextFigure() -> String {
        figures += 1
        return "\(chapter).\(figures)"
    }
}
