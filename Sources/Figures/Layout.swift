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

    /// Estimated width of `text` at `size`: 0.6 em per character, generous for typical sans-serif fonts
    /// so that layouts leave room rather than overlap.
    static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text` on one line, cut with `…` if its estimated width exceeds `available`.
    /// The full text stays in `<title>`, `<desc>` and the data table.
    static func fit(_ text: String, in available: Double, size: Double) -> String {
        TerminalText.truncate(text, to: max(1, Int(available / (size * 0.6))))
    }
}
