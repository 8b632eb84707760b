/// Something a chapter can `show`: a figure that renders as SVG, as text for a terminal, and as a
/// data table for screen readers.
///
/// All renderings are deterministic: the same figure gives byte-identical output everywhere.
public protocol Figure {
    /// The figure's title: shown above it, in the SVG `<title>`, and as the table caption.
    var title: String { get }

    /// A standalone SVG document.
    ///
    /// - Parameter id: a prefix for every `id` and the CSS class inside the document, so that
    ///   several figures inlined in one HTML page never clash. Characters other than ASCII
    ///   letters, digits, `-` and `_` are replaced by `-`; a prefix not starting with a letter gets an `f`.
    func svg(id: String) -> String

    /// A compact rendering with Unicode braille or block characters, at most `width` columns wide,
    /// lines separated by `\n`, no trailing newline.
    func terminal(width: Int) -> String

    /// The numbers behind the figure as an HTML `<table>` fragment with a `<caption>`, all text escaped.
    func dataTableHTML() -> String
}

extension Figure {
    /// A standalone SVG whose id prefix is derived from its content (`f` + 10 hex digits of a hash),
    /// so distinct figures on one page get distinct ids without any numbering.
    public func svg() -> String {
        svg(id: "f" + ContentHash.hex(of: svg(id: "fig")))
    }
}

/// The internal drawing interface shared by the built-in figures, so that `SmallMultiples` can
/// place any of them in a panel.
protocol Chart: Figure, Sendable {
    /// The size of the whole figure when drawn on its own.
    var size: FigureSize { get }
    /// What the author wrote for screen readers, if anything; used as `<desc>` before `summary`.
    var altText: String? { get }
    /// A one-sentence description generated from the data (kind, series, axis ranges).
    var summary: String { get }
    /// Draws everything except the title inside `frame`.
    func draw(_ svg: inout SVGWriter, in frame: Rect, ids: inout IDScope)
}

extension Chart {
    var descriptionText: String {
        if let altText, !altText.isEmpty { return altText + " " + summary }
        return summary
    }
}

/// Hands out document-unique ids: `<prefix>-<kind><n>`.
struct IDScope {
    let prefix: String
    private var counter = 0

    init(prefix: String) { self.prefix = prefix }

    mutating func next(_ kind: String) -> String {
        counter += 1
        return "\(prefix)-\(kind)\(counter)"
    }

    /// `id` restricted to characters valid in an XML id and a CSS class, starting with a letter.
    static func sanitize(_ id: String) -> String {
        var result = String(id.unicodeScalars.map { scalar -> Character in
            let isSafe = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            return isSafe ? Character(scalar) : "-"
        })
        if !(result.first.map { $0.isASCII && $0.isLetter } ?? false) { result = "f" + result }
        return result
    }
}

/// FNV-1a, 64 bit: a tiny, stable, platform-independent hash (unlike `Hasher`, which is seeded per process).
enum ContentHash {
    static func hex(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - digits.count) + digits
        return String(padded.prefix(10))
    }
}
