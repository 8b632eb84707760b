/// Converts the book's TeX math into presentation MathML at build time: no JavaScript on the page.
///
///     try MathML.render("x^2", display: .inline)
///     // <math display="inline"><semantics><msup><mi>x</mi><mn>2</mn></msup>
///     //   <annotation encoding="application/x-tex">x^2</annotation></semantics></math>
///
/// The supported subset is listed in `TeXSymbols` and `TeXParser`; anything else throws a
/// `TeXError` naming the command and its column, to which the caller adds the Markdown file:line.
public enum MathML {
    public enum Display: String, Sendable {
        case inline, block
    }

    /// The `<math>` element for `tex`, with the TeX kept (escaped) in an `<annotation>`.
    public static func render(_ tex: String, display: Display) throws(TeXError) -> String {
        try render(tex, display: display, annotation: tex)
    }

    /// Converts `tex` but records `annotation` as the source (used when a `\label` was blanked out).
    static func render(_ tex: String, display: Display, annotation: String) throws(TeXError) -> String {
        var parser = TeXParser(tex)
        let formula = try parser.parseFormula()
        var out = "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"\(display.rawValue)\"><semantics>"
        formula.writeSingle(to: &out)
        out += "<annotation encoding=\"application/x-tex\">\(XMLEscaping.text(annotation))</annotation></semantics></math>"
        return out
    }
}

/// A TeX formula the converter rejects, located by its offset in the formula.
public struct TeXError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Offset in characters from the start of the TeX source (0-based).
    public var offset: Int
    /// What is wrong, naming the command or character.
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// 1-based column in the TeX source, for compiler-style diagnostics.
    public var column: Int { offset + 1 }

    public var description: String { "column \(column): \(message)" }
}
