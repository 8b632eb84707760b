/// Builds SVG markup one element per line, escaping every attribute value and text node.
///
/// Numbers are passed as `Double` and written with `NumberFormat.coordinate` (two decimals),
/// so no caller formats a number by hand.
struct SVGWriter {
    private(set) var markup = ""
    /// Series palette indices (1-based) that drawing code used; the document's `<style>` defines only these.
    private(set) var usedSeries: Set<Int> = []

    /// One attribute value: text (escaped) or a number (fixed-digit).
    enum Value: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
        case text(String)
        case number(Double)

        init(stringLiteral value: String) { self = .text(value) }
        init(floatLiteral value: Double) { self = .number(value) }
        init(integerLiteral value: Int) { self = .number(Double(value)) }

        var rendered: String {
            switch self {
            case .text(let text): Escaping.xml(text)
            case .number(let number): NumberFormat.coordinate(number)
            }
        }
    }

    /// `<name a="1" b="2"/>` or, with `text`, `<name a="1">text</name>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, Value> = [:], text: String? = nil) {
        markup += "<" + name + Self.render(attributes)
        if let text {
            markup += ">" + Escaping.xml(text) + "</" + name + ">\n"
        } else {
            markup += "/>\n"
        }
    }

    /// `<name …>`; pair with `close(name)`.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, Value> = [:]) {
        markup += "<" + name + Self.render(attributes) + ">\n"
    }

    mutating func close(_ name: String) {
        markup += "</" + name + ">\n"
    }

    /// Markup produced by another writer (a panel), with its used series.
    mutating func append(_ other: SVGWriter) {
        markup += other.markup
        usedSeries.formUnion(other.usedSeries)
    }

    /// Records that series colour `index` (1-based) is used and returns its stroke class, `s<index>`.
    mutating func seriesStroke(_ index: Int) -> String {
        usedSeries.insert(index)
        return "s\(index)"
    }

    /// Records that series colour `index` is used and returns its fill class, `f<index>`.
    mutating func seriesFill(_ index: Int) -> String {
        usedSeries.insert(index)
        return "f\(index)"
    }

    private static func render(_ attributes: KeyValuePairs<String, Value>) -> String {
        var result = ""
        for (key, value) in attributes {
            result += " " + key + "=\"" + value.rendered + "\""
        }
        return result
    }
}

/// Path data (`d` attribute) built from fixed-digit coordinates.
struct PathData {
    private(set) var text = ""

    mutating func move(_ x: Double, _ y: Double) {
        text += "M" + NumberFormat.coordinate(x) + " " + NumberFormat.coordinate(y)
    }

    mutating func line(_ x: Double, _ y: Double) {
        text += "L" + NumberFormat.coordinate(x) + " " + NumberFormat.coordinate(y)
    }

    /// A zero-length segment at the current point: with a round line cap it draws a dot.
    mutating func dot(_ x: Double, _ y: Double) {
        move(x, y)
        text += "h0"
    }

    var isEmpty: Bool { text.isEmpty }
}
