import Foundation

/// A verified snippet on the page: highlighted code, then its output, then its figures.
public enum SnippetHTML {
    /// `code` is the Swift shown to the reader (hidden setup lines already left out); `output` is
    /// the verified text it printed (nil or empty when it prints nothing). Both are escaped here.
    public static func render(code: String, output: String?, figures: [FigureHTML] = []) -> String {
        var out = "<div class=\"snippet\">\n"
        out += "<pre class=\"code\"><code class=\"language-swift\">\(SwiftHighlighter.highlight(code))</code></pre>\n"
        if let output, !output.isEmpty {
            out += "<pre class=\"output\" aria-label=\"Output\"><samp>\(XMLEscaping.text(output))</samp></pre>\n"
        }
        for figure in figures { out += figure.html + "\n" }
        return out + "</div>\n"
    }
}

/// A figure produced by a snippet: a standalone SVG placed inline so it follows the theme
/// (`currentColor` and the `--fig-*` variables of book.css).
public struct FigureHTML: Sendable {
    /// The cross-reference label, e.g. "fig:loss"; becomes the figure's id.
    public var label: String?
    /// "3.1", assigned by `CrossReferences`.
    public var number: String?
    /// Caption as inline HTML (already rendered from Markdown), may be empty.
    public var captionHTML: String
    /// The SVG document as the figures module wrote it.
    public var svg: String

    public init(label: String?, number: String?, captionHTML: String, svg: String) {
        self.label = label
        self.number = number
        self.captionHTML = captionHTML
        self.svg = svg
    }

    public var html: String {
        var out = "<figure class=\"plot\""
        if let label { out += " id=\"\(XMLEscaping.attribute(label))\"" }
        out += ">\n" + Self.inlineSVG(svg) + "\n"
        if number != nil || !captionHTML.isEmpty {
            out += "<figcaption>"
            if let number { out += "<span class=\"figure-number\">Figure \(XMLEscaping.text(number))</span> " }
            out += captionHTML + "</figcaption>\n"
        }
        return out + "</figure>"
    }

    /// The `<svg>` element alone: an XML declaration, doctype or comments before it are dropped,
    /// since they are not allowed in the middle of a page.
    static func inlineSVG(_ document: String) -> String {
        guard let start = document.range(of: "<svg") else { return document }
        return String(document[start.lowerBound...]).trimmingWhitespace()
    }
}
