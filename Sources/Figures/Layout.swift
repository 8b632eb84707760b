/// A rectangle in SVG user units (y grows downwards).
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The rectangle shrunk by the given margins.
    func inset(top: Double = 0, left: Double = 0, bottom: Double = 0, right: Double = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: max(0, width - left - right), height: max(0, height - top - bottom))
    }
}

/// A figure's size in SVG user units (CSS pixels when shown at 100%).
public struct FigureSize: Sendable, Equatable {
    /// Width in SVG user units; positive.
    public var width: Double
    /// Height in SVG user units; positive.
    public var height: Double

    /// A size of `width` × `height` user units; both must be positive (stops the program otherwise).
    public init(width: Double, height: Double) {
        precondition(width > 0 && height > 0, "FigureSize: width and height must be positive, got \(width)×\(height)")
        self.width = width
        self.height = height
    }
}

/// Font sizes and an estimate of text width, for layout without a font engine.
enum Typography {
    static let tickSize = 11.0
    static let labelSize = 12.0
    static let titleSize = 15.0
    static let panelTitleSize = 13.0

    /// Estimated width of `text` at `size`, generous so that layouts leave room rather than overlap:
    /// 0.64 em per ASCII character (DejaVu Sans, the usual Linux sans-serif, sets digits at 0.636 em;
    /// most sans-serif faces are narrower) and 1 em for anything else (★ is 0.91 em, … 1 em).
    static func width(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 0.64 : 1) } * size
    }

    /// The height of one line of text at `size` (ascent plus descent, 1.18 em in DejaVu Sans).
    static func lineHeight(_ size: Double) -> Double { size * 1.2 }

    /// `text` on one line, cut with `…` if its estimated width exceeds `available`.
    /// The full text stays in `<title>`, `<desc>` and the data table.
    static func fit(_ text: String, in available: Double, size: Double) -> String {
        let line = Escaping.singleLine(text)
        if width(line, size: size) <= available { return line }
        var kept = ""
        for character in line {
            if width(kept + String(character) + "…", size: size) > available { break }
            kept.append(character)
        }
        return kept + "…"
    }
}
