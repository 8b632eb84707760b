import Foundation

/// Heading anchors and numbers: deterministic slugs, unique per page, and "3.2"-style numbers.
public struct HeadingNumberer: Sendable {
    /// The chapter number, the first component of every heading number.
    public let chapter: Int
    private var counters: [Int] = []

    public init(chapter: Int) {
        self.chapter = chapter
    }

    /// The number of the next heading at `level` (2 for `##`, 3 for `###`…): "3.1", "3.1.1", "3.2".
    /// The chapter title (level 1) is numbered "3".
    public mutating func next(level: Int) -> String {
        precondition(level >= 1, "heading level must be at least 1, got \(level)")
        guard level > 1 else { return "\(chapter)" }
        let depth = level - 1
        if counters.count < depth { counters += [Int](repeating: 0, count: depth - counters.count) }
        counters.removeLast(counters.count - depth)
        counters[depth - 1] += 1
        // A skipped level (## then ####) counts the missing one as 1, not 0.
        for i in 0..<(depth - 1) where counters[i] == 0 { counters[i] = 1 }
        return ([chapter] + counters).map(String.init).joined(separator: ".")
    }
}

/// Makes URL fragments from heading text: lowercase ASCII letters, digits and hyphens,
/// unique within one page (a repeated title gets "-2", "-3"…).
public struct SlugGenerator: Sendable {
    private var used: Set<String> = []

    public init(reserved: Set<String> = []) {
        used = reserved
    }

    /// "The Forget Gate — *Zindagi*!" → "the-forget-gate-zindagi"; empty text → "section".
    public mutating func slug(for text: String) -> String {
        let base = Self.slugBase(text)
        var candidate = base
        var n = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }

    /// Reserves an explicit id (such as `eq:cell`) so that no generated slug collides with it.
    /// Returns false when it was already taken.
    public mutating func reserve(_ id: String) -> Bool {
        used.insert(id).inserted
    }

    static func slugBase(_ text: String) -> String {
        var slug = ""
        var pendingHyphen = false
        for scalar in text.lowercased().decomposedLatin {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen, !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                pendingHyphen = false
            } else if scalar.properties.isWhitespace || scalar == "-" || scalar == "_" || scalar == "." || scalar == "/" {
                pendingHyphen = true
            }
            // Other punctuation and non-Latin symbols are dropped.
        }
        return slug.isEmpty ? "section" : slug
    }
}

/// Splits a Pandoc-style explicit id from heading text: "The cell state {#sec:cell}" →
/// ("The cell state", "sec:cell").
public func splitExplicitID(_ heading: String) -> (text: String, id: String?) {
    let trimmed = heading.trimmingWhitespace()
    guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#", options: .backwards) else { return (trimmed, nil) }
    let id = String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])
    guard !id.isEmpty, !id.contains(where: { $0.isWhitespace || $0 == "{" || $0 == "}" }) else { return (trimmed, nil) }
    return (String(trimmed[..<open.lowerBound]).trimmingWhitespace(), id)
}

private extension String {
    /// Unicode scalars with Latin accents removed ("é" → "e"), by canonical decomposition.
    var decomposedLatin: [Unicode.Scalar] {
        decomposedStringWithCanonicalMapping.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
    }
}
