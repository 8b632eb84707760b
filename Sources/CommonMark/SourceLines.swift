/// The lines of a Markdown source as bytes, with their line endings kept, so that positions
/// reported by cmark (1-based line, 1-based byte column) can be mapped back to exact bytes.
///
/// Line endings follow CommonMark: `\n`, `\r\n` or a lone `\r`.
public struct SourceLines: Sendable {
    /// Each line's bytes, without its line ending.
    public let lines: [[UInt8]]
    /// Each line's ending (`\n`, `\r\n`, `\r`, or empty for a last line without one).
    public let endings: [[UInt8]]

    public init(_ source: String) {
        var lines: [[UInt8]] = []
        var endings: [[UInt8]] = []
        var current: [UInt8] = []
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\n") {
                lines.append(current); endings.append([byte]); current = []
            } else if byte == UInt8(ascii: "\r") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") {
                    lines.append(current); endings.append([byte, bytes[i + 1]]); current = []
                    i += 1
                } else {
                    lines.append(current); endings.append([byte]); current = []
                }
            } else {
                current.append(byte)
            }
            i += 1
        }
        if !current.isEmpty {
            lines.append(current); endings.append([])
        }
        self.lines = lines
        self.endings = endings
    }

    public var count: Int { lines.count }

    /// The text of 1-based line `number`, without its ending.
    public func text(ofLine number: Int) -> String {
        String(decoding: lines[number - 1], as: UTF8.self)
    }

    /// The ending used by most lines (`\r\n` for a CRLF file), `\n` when there are none.
    public var dominantEnding: [UInt8] {
        var crlf = 0, lf = 0, cr = 0
        for ending in endings {
            switch ending.count == 2 ? 2 : ending.first.map(Int.init) ?? 0 {
            case 2: crlf += 1
            case Int(UInt8(ascii: "\n")): lf += 1
            case Int(UInt8(ascii: "\r")): cr += 1
            default: break
            }
        }
        if crlf > lf && crlf >= cr { return Array("\r\n".utf8) }
        if cr > lf { return Array("\r".utf8) }
        return Array("\n".utf8)
    }

    /// Whether a code block that cmark says starts at `position` opens with a fence
    /// (three or more backticks or tildes after at most three spaces of indentation).
    func startsFence(at position: SourcePosition) -> Bool {
        guard position.line >= 1, position.line <= lines.count else { return false }
        let line = lines[position.line - 1]
        var i = max(position.column - 1, 0)
        var spaces = 0
        while i < line.count, line[i] == UInt8(ascii: " "), spaces < 4 { i += 1; spaces += 1 }
        guard i < line.count else { return false }
        let fence = line[i]
        guard fence == UInt8(ascii: "`") || fence == UInt8(ascii: "~") else { return false }
        var run = 0
        while i < line.count, line[i] == fence { i += 1; run += 1 }
        return run >= 3
    }
}
