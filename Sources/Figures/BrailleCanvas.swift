/// A grid of Unicode braille characters used as a 2×4-dots-per-character bitmap.
///
/// Braille patterns U+2800…U+28FF encode eight dots in one character; dot (column, row) maps to a
/// bit as defined by Unicode: column 0 rows 0–2 → bits 0–2, column 1 rows 0–2 → bits 3–5, row 3 → bits 6 and 7.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var cells: [UInt8]

    init(columns: Int, rows: Int) {
        precondition(columns > 0 && rows > 0, "BrailleCanvas: size must be positive, got \(columns)×\(rows)")
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: 0, count: columns * rows)
    }

    /// Dots across and down.
    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    private static let bits: [[UInt8]] = [
        [0x01, 0x02, 0x04, 0x40],  // left column, rows 0…3
        [0x08, 0x10, 0x20, 0x80],  // right column
    ]

    /// Sets the dot at (`x`, `y`), y = 0 at the top; dots outside the canvas are ignored.
    mutating func set(_ x: Int, _ y: Int) {
        guard (0..<dotWidth).contains(x), (0..<dotHeight).contains(y) else { return }
        cells[(y / 4) * columns + x / 2] |= Self.bits[x % 2][y % 4]
    }

    /// Sets the dots of a straight line (Bresenham), both ends included.
    mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int)) {
        var x = start.x, y = start.y
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            set(x, y)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// Row `row` as text; empty cells are spaces (not U+2800) so lines can be trimmed.
    func text(row: Int) -> String {
        var result = ""
        for column in 0..<columns {
            let bits = cells[row * columns + column]
            result.unicodeScalars.append(bits == 0 ? " " : Unicode.Scalar(0x2800 + UInt32(bits))!)
        }
        return result
    }
}
