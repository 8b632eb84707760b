import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

/// Highlights Swift source as HTML `<span class="…">` tokens, using the real Swift parser.
///
/// Classes: `kw` keyword, `ty` type, `str` string, `num` number, `com` comment, `doc` doc comment,
/// `attr` attribute (`@MainActor`), `dir` compiler directive (`#if`), `re` regex, `lbl` argument
/// label. Identifiers, operators and punctuation stay plain text, which keeps pages small.
///
/// swift-syntax classifies a name as a type only where the grammar says so (`let x: Tensor`);
/// a capitalised name used as a value (`Tensor(…)`, `LSTM.init`) is a type by Swift's naming
/// convention, so it is marked `ty` too.
public enum SwiftHighlighter {
    /// The highlighted, HTML-escaped code, ready to go inside `<pre><code>`.
    public static func highlight(_ code: String) -> String {
        let tree = Parser.parse(source: code)
        let bytes = Array(code.utf8)
        var out = ""
        var cursor = 0
        var pending: (className: String?, start: Int, end: Int)?

        func flush() {
            guard let run = pending else { return }
            let text = XMLEscaping.text(String(decoding: bytes[run.start..<run.end], as: UTF8.self))
            if let className = run.className {
                out += "<span class=\"\(className)\">\(text)</span>"
            } else {
                out += text
            }
            pending = nil
        }
        func emit(_ className: String?, _ start: Int, _ end: Int) {
            guard start < end else { return }
            if let run = pending, run.className == className, run.end == start {
                pending?.end = end
                return
            }
            flush()
            pending = (className, start, end)
        }

        for range in tree.classifications {
            let start = range.range.lowerBound.utf8Offset, end = range.range.upperBound.utf8Offset
            guard start >= cursor, end <= bytes.count else { continue }
            emit(nil, cursor, start)
            let token = bytes[start..<end]
            emit(className(for: range.kind, token: token), start, end)
            cursor = end
        }
        emit(nil, cursor, bytes.count)
        flush()
        return out
    }

    static func className(for kind: SyntaxClassification, token: ArraySlice<UInt8>) -> String? {
        switch kind {
        case .keyword: return "kw"
        case .type: return "ty"
        case .stringLiteral: return "str"
        case .integerLiteral, .floatLiteral: return "num"
        case .lineComment, .blockComment: return "com"
        case .docLineComment, .docBlockComment: return "doc"
        case .attribute: return "attr"
        case .ifConfigDirective: return "dir"
        case .regexLiteral: return "re"
        case .argumentLabel: return "lbl"
        case .identifier:
            // Capitalised names are types by Swift convention (see the type comment).
            if let first = token.first, (0x41...0x5A).contains(first) { return "ty" }
            return nil
        case .dollarIdentifier, .editorPlaceholder, .operator, .none: return nil
        @unknown default: return nil
        }
    }
}
