import Foundation

/// Shields `$…$` and `$$…$$` math from cmark, which would read `$a*b*c$` as emphasis.
///
/// Before parsing, each math span outside code is replaced by a placeholder made of letters and
/// digits only (cmark passes those through untouched, smart punctuation included); after cmark has
/// rendered HTML, `ProtectedMarkdown.restore` puts the MathML back.
///
/// Which `$` open and close math follows Pandoc's rule, so prices stay prices:
/// an opening `$` is not followed by a space, a closing `$` is not preceded by a space and not
/// followed by a digit ("$5 and $6" is text). `\$` is a literal dollar. `$$…$$` is display math
/// and may span lines; neither kind crosses a blank line. Code spans, fenced code blocks and
/// indented code blocks (after a blank line) are left alone.
public enum MathProtection {
    /// Replaces the math spans of `markdown` by placeholders and returns them in order.
    public static func protect(_ markdown: String) -> ProtectedMarkdown {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let prefix = placeholderPrefix(avoiding: markdown)
        let isCode = classifyCodeLines(lines)
        var output: [String] = []
        var spans: [MathSpan] = []
        var index = 0
        while index < lines.count {
            if isCode[index] {
                output.append(lines[index])
                index += 1
                continue
            }
            var end = index
            while end < lines.count, !isCode[end] { end += 1 }
            var segment = ProseSegment(lines: Array(lines[index..<end]), firstLine: index + 1)
            output += segment.protect(prefix: prefix, spans: &spans)
            index = end
        }
        return ProtectedMarkdown(markdown: output.joined(separator: "\n"), spans: spans, prefix: prefix)
    }

    /// A prefix for placeholders that does not occur anywhere in the document.
    private static func placeholderPrefix(avoiding markdown: String) -> String {
        var prefix = "WBMATH"
        while markdown.contains(prefix) { prefix += "Q" }
        return prefix
    }

    /// Marks lines that belong to fenced or indented code blocks.
    ///
    /// Inside a list item, indentation counts from the item's content column, as in CommonMark:
    /// a paragraph indented four spaces under "- item" is prose, and a fence indented under
    /// "1.  item" is still a fence.
    static func classifyCodeLines(_ lines: [String]) -> [Bool] {
        var result = [Bool](repeating: false, count: lines.count)
        var fence: (character: Character, count: Int)?
        var previousBlank = true
        var inIndentedCode = false
        var listContent: Int?  // content column of the innermost open list item
        for (i, line) in lines.enumerated() {
            let blank = line.allSatisfy(\.isWhitespace)
            let indent = indentation(line)
            if let open = fence {
                result[i] = true
                if let close = fenceRun(line, base: listContent ?? 0), close.character == open.character,
                   close.count >= open.count, close.rest.allSatisfy(\.isWhitespace) {
                    fence = nil
                }
                previousBlank = false
                continue
            }
            if blank {
                result[i] = inIndentedCode
                previousBlank = true
                continue
            }
            // A list ends at a non-blank line, after a blank one, indented less than its content.
            if let content = listContent, indent < content, previousBlank { listContent = nil }
            let base = listContent ?? 0
            if let open = fenceRun(line, base: base), open.character == "~" || !open.rest.contains("`") {
                result[i] = true
                fence = (open.character, open.count)
                previousBlank = false
                inIndentedCode = false
                continue
            }
            inIndentedCode = indent >= base + 4 && (previousBlank || inIndentedCode)
            result[i] = inIndentedCode
            if !inIndentedCode, let content = listItemContentColumn(line) { listContent = content }
            previousBlank = false
        }
        return result
    }

    /// The column where a list item's content starts ("- x" → 2, "10.  x" → 5), or nil.
    private static func listItemContentColumn(_ line: String) -> Int? {
        let chars = Array(line)
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        let markerStart = i
        if i < chars.count, "-+*".contains(chars[i]) {
            i += 1
        } else {
            while i < chars.count, chars[i].isASCII, chars[i].isNumber, i - markerStart < 9 { i += 1 }
            guard i > markerStart, i < chars.count, chars[i] == "." || chars[i] == ")" else { return nil }
            i += 1
        }
        var spaces = 0
        while i + spaces < chars.count, chars[i + spaces] == " " { spaces += 1 }
        guard spaces >= 1 || i == chars.count else { return nil }
        // Five or more spaces after the marker: the content starts one space after it (code inside).
        return i + (spaces > 4 ? 1 : max(spaces, 1))
    }

    /// The run of three or more backticks or tildes that opens or closes a fence on `line`.
    private static func fenceRun(_ line: String, base: Int) -> (character: Character, count: Int, rest: Substring)? {
        guard indentation(line) < base + 4 else { return nil }
        let trimmed = line.drop(while: { $0 == " " })
        guard let first = trimmed.first, first == "`" || first == "~" else { return nil }
        let run = trimmed.prefix(while: { $0 == first })
        guard run.count >= 3 else { return nil }
        return (first, run.count, trimmed.dropFirst(run.count))
    }

    private static func indentation(_ line: String) -> Int {
        var width = 0
        for c in line {
            if c == " " { width += 1 } else if c == "\t" { width += 4 - width % 4 } else { break }
        }
        return width
    }
}

/// One math span found in the Markdown.
public struct MathSpan: Equatable, Sendable {
    /// The TeX between the dollars, trimmed, with any `\label{…}` removed.
    public var tex: String
    public var display: MathML.Display
    /// `\label{eq:name}` inside display math, for numbering and cross-references.
    public var label: String?
    /// 1-based Markdown line and column of the first character after the opening dollars.
    public var line: Int
    public var column: Int
    /// The placeholder that stands for the span in the protected Markdown.
    public var placeholder: String
    /// The raw text between the dollars, with the label blanked out so offsets still match.
    var source: String

    /// The Markdown line and column of a character offset into `source`.
    func location(ofOffset offset: Int) -> (line: Int, column: Int) {
        var line = self.line, column = self.column
        for c in source.prefix(offset) {
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}

/// A TeX error located in the Markdown file; the caller prefixes the file name.
public struct MathSpanError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(line):\(column): error: \(message)" }
}

/// Markdown with math replaced by placeholders, and what it takes to put the math back.
public struct ProtectedMarkdown: Equatable, Sendable {
    /// The text to hand to cmark.
    public var markdown: String
    /// The math spans, in document order.
    public var spans: [MathSpan]
    let prefix: String

    /// Converts every span to MathML, or fails at the Markdown line and column of the first bad one.
    public func renderMathML() throws(MathSpanError) -> [String] {
        var rendered: [String] = []
        for span in spans {
            do {
                rendered.append(try MathML.render(span.source, display: span.display, annotation: span.tex))
            } catch {
                let (line, column) = span.location(ofOffset: error.offset)
                throw MathSpanError(line: line, column: column, message: error.message)
            }
        }
        return rendered
    }

    /// Puts `mathML[i]` in place of `spans[i]`'s placeholder in cmark's HTML.
    ///
    /// Display math alone in a paragraph replaces the whole `<p>` with a `<div class="equation">`;
    /// display math inside a paragraph becomes a `<span class="equation">`. A labelled equation gets
    /// `id="label"` and its number from `equationNumbers` (label → "3.1").
    public func restore(in html: String, mathML: [String], equationNumbers: [String: String] = [:]) -> String {
        precondition(mathML.count == spans.count, "restore: \(mathML.count) renderings for \(spans.count) math spans")
        var html = html
        for (span, math) in zip(spans, mathML) {
            let continuation = span.placeholder.dropLast() + "C"
            html = html.replacingAll("\n" + continuation, with: "").replacingAll(String(continuation), with: "")
            guard span.display == .block else {
                html = html.replacingAll(span.placeholder, with: math)
                continue
            }
            func equation(_ element: String) -> String {
                var out = "<\(element) class=\"equation\""
                if let label = span.label { out += " id=\"\(XMLEscaping.attribute(label))\"" }
                out += ">" + math
                if let label = span.label, let number = equationNumbers[label] {
                    out += "<span class=\"equation-number\">(\(XMLEscaping.text(number)))</span>"
                }
                return out + "</\(element)>"
            }
            html = html.replacingAll("<p>\(span.placeholder)</p>", with: equation("div"))
            html = html.replacingAll(span.placeholder, with: equation("span"))
        }
        return html
    }
}

/// A run of consecutive non-code lines, scanned as one stream so that spans may cross lines.
private struct ProseSegment {
    let lines: [String]
    let firstLine: Int
    /// The characters of all lines joined by "\n", with each character's line index and column.
    private let chars: [Character]
    private let lineOf: [Int]
    private let columnOf: [Int]

    init(lines: [String], firstLine: Int) {
        self.lines = lines
        self.firstLine = firstLine
        var chars: [Character] = [], lineOf: [Int] = [], columnOf: [Int] = []
        for (i, line) in lines.enumerated() {
            for (j, c) in line.enumerated() {
                chars.append(c); lineOf.append(i); columnOf.append(j + 1)
            }
            if i < lines.count - 1 {
                chars.append("\n"); lineOf.append(i); columnOf.append(line.count + 1)
            }
        }
        self.chars = chars
        self.lineOf = lineOf
        self.columnOf = columnOf
    }

    /// Whether the newline at `i` starts a blank line (which ends any inline construct).
    private func startsBlankLine(_ i: Int) -> Bool {
        let next = lineOf[i] + 1
        return next < lines.count && lines[next].allSatisfy(\.isWhitespace)
    }

    private func isEscaped(_ i: Int) -> Bool {
        var backslashes = 0, j = i - 1
        while j >= 0, chars[j] == "\\" { backslashes += 1; j -= 1 }
        return backslashes % 2 == 1
    }

    mutating func protect(prefix: String, spans: inout [MathSpan]) -> [String] {
        var found: [(start: Int, end: Int, open: Int)] = []  // [start, end) including dollars
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if c == "`" {
                i = skipCodeSpan(at: i)
                continue
            }
            guard c == "$" else { i += 1; continue }
            if i + 1 < chars.count, chars[i + 1] == "$" {
                if let close = findClosing(from: i + 2, display: true) {
                    found.append((i, close + 2, 2))
                    i = close + 2
                } else {
                    i += 2
                }
                continue
            }
            if i + 1 < chars.count, !chars[i + 1].isWhitespace, let close = findClosing(from: i + 1, display: false) {
                found.append((i, close + 1, 1))
                i = close + 1
                continue
            }
            i += 1
        }

        var out = ""
        var cursor = 0
        for (start, end, open) in found {
            out += String(chars[cursor..<start])
            let number = spans.count
            let placeholder = "\(prefix)\(number)X"
            let continuation = "\(prefix)\(number)C"
            out += placeholder
            for k in start..<end where chars[k] == "\n" {
                let nextLine = lines[lineOf[k] + 1]
                out += "\n" + String(nextLine.prefix(while: { $0 == " " || $0 == "\t" })) + continuation
            }
            var source = String(chars[(start + open)..<(end - open)])
            var label: String?
            if let range = source.range(of: "\\label{"), let close = source[range.upperBound...].firstIndex(of: "}") {
                label = String(source[range.upperBound..<close])
                let blanked = String(repeating: " ", count: source[range.lowerBound...close].count)
                source.replaceSubrange(range.lowerBound...close, with: blanked)
            }
            spans.append(MathSpan(
                tex: source.trimmingWhitespace(),
                display: open == 2 ? .block : .inline,
                label: label,
                line: firstLine + lineOf[start + open < chars.count ? start + open : start],
                column: columnOf[start] + open,
                placeholder: placeholder,
                source: source))
            cursor = end
        }
        out += String(chars[cursor...])
        return out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The index of the closing dollar(s) of a span whose content starts at `from`.
    private func findClosing(from: Int, display: Bool) -> Int? {
        var i = from
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if c == "\n", startsBlankLine(i) { return nil }
            if c == "$" {
                if display {
                    if i + 1 < chars.count, chars[i + 1] == "$", i > from { return i }
                    if i + 1 < chars.count, chars[i + 1] == "$" { return nil }  // "$$$$" is not math
                } else {
                    let before = chars[i - 1]
                    let after: Character? = i + 1 < chars.count ? chars[i + 1] : nil
                    if !before.isWhitespace, !(after?.isNumber ?? false), i > from { return i }
                    if i == from { return nil }
                }
            }
            i += 1
        }
        return nil
    }

    /// Skips a backtick code span starting at `i`, or just the backtick run when it is unclosed.
    private func skipCodeSpan(at i: Int) -> Int {
        var runEnd = i
        while runEnd < chars.count, chars[runEnd] == "`" { runEnd += 1 }
        let length = runEnd - i
        var j = runEnd
        while j < chars.count {
            if chars[j] == "\n", startsBlankLine(j) { return runEnd }
            if chars[j] == "`" {
                var k = j
                while k < chars.count, chars[k] == "`" { k += 1 }
                if k - j == length { return k }
                j = k
                continue
            }
            j += 1
        }
        return runEnd
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
