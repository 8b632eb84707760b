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
        tokens(code).map { token in
            let text = XMLEscaping.text(token.text)
            return token.className.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
        }.joined()
    }

    /// The code as runs of text, each with its class (nil for plain text); adjacent runs of the
    /// same class are merged. The runs, concatenated, are exactly `code`.
    static func tokens(_ code: String) -> [(className: String?, text: String)] {
        HighlightMemo.shared.tokens(code, compute: parsedTokens)
    }

    static func parsedTokens(_ code: String) -> [(className: String?, text: String)] {
        let tree = Parser.parse(source: code)
        let bytes = Array(code.utf8)
        var runs: [(className: String?, start: Int, end: Int)] = []
        var cursor = 0
        func emit(_ className: String?, _ start: Int, _ end: Int) {
            guard start < end else { return }
            if let last = runs.last, last.className == className, last.end == start {
                runs[runs.count - 1].end = end
            } else {
                runs.append((className, start, end))
            }
        }
        for range in tree.classifications {
            let start = range.range.lowerBound.utf8Offset, end = range.range.upperBound.utf8Offset
            guard start >= cursor, end <= bytes.count else { continue }
            emit(nil, cursor, start)
            emit(className(for: range.kind, token: bytes[start..<end]), start, end)
            cursor = end
        }
        emit(nil, cursor, bytes.count)
        return runs.map { ($0.className, String(decoding: bytes[$0.start..<$0.end], as: UTF8.self)) }
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
