import Foundation

/// A compact full-text index of the book, shipped as `assets/search-index.js` so search works
/// from file:// (no fetch): `window.searchIndex = {"pages":…,"sections":…,"words":…};`.
///
/// - `pages`: `[file, chapter title]`
/// - `sections`: `[page index, anchor, "3.2 Title", "the section's prose"]` (the prose is
///   what result excerpts are cut from)
/// - `width`: how many characters encode one section number in `words`
/// - `words`: the sorted word list, front-coded, one entry per word, entries separated by ",":
///   one base-62 character for the length of the prefix shared with the previous word, the rest of
///   the word, a space, then the word's section numbers in base 62, `width` characters each.
///   "0forget 03,6s 3" is "forget" in sections 0 and 3, "forgets" in section 3.
///
/// Size is kept down by indexing each word once per section, dropping stop words, one-letter
/// words and plain numbers, front coding and base-62 postings (about 40% smaller than a JSON
/// object of arrays). Words in a section's title are not repeated: the client searches titles.
/// The client matches prefixes, so "gate" finds "gates". Code identifiers are indexed whole and
/// split at camelCase ("forgetGate" → "forgetgate", "forget", "gate").
///
/// Measured: 40 KB of English prose (GPL-3 + Apache-2.0 text, 53 sections of 120 words) gives a
/// 12 KB index (6.5 KB gzipped, though file:// serves it uncompressed).
public struct SearchIndex: Sendable {
    public struct Section: Sendable {
        public var page: String
        public var pageTitle: String
        /// Without "#"; empty for the top of the page.
        public var anchor: String
        /// "3.2 The forget gate"
        public var title: String
        /// Plain prose of the section (no markup).
        public var text: String
        /// Swift code of the section's snippets.
        public var code: String

        public init(page: String, pageTitle: String, anchor: String, title: String, text: String, code: String) {
            self.page = page
            self.pageTitle = pageTitle
            self.anchor = anchor
            self.title = title
            self.text = text
            self.code = code
        }
    }

    public var sections: [Section]

    public init(sections: [Section]) {
        self.sections = sections
    }

    static let stopWords: Set<String> = [
        "the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "her", "was", "one", "our",
        "out", "has", "his", "how", "its", "let", "may", "new", "now", "old", "see", "two", "who", "did",
        "this", "that", "with", "from", "into", "than", "then", "them", "they", "their", "there", "these",
        "those", "what", "when", "which", "while", "will", "would", "your", "have", "been", "were", "each",
        "also", "only", "over", "such", "some", "more", "most", "very", "just", "like", "here", "where",
        "does", "an", "as", "at", "be", "by", "if", "in", "is", "it", "of", "on", "or", "so", "to", "we", "do",
        "no", "up", "us", "is", "am",
    ]

    /// The words of prose: letters of any script, digits and `_`, lower-cased in Unicode's
    /// composed form (NFC) as the client lower-cases queries; a word joined by `_`
    /// (`scaled_dot_product_attention`) is indexed whole and by its parts.
    /// A letter, a digit or "_": what words are made of. ASCII is decided from the byte, which
    /// is what Unicode's properties say for it, without looking them up.
    static func isWordCharacter(_ c: Character) -> Bool {
        if let a = c.asciiValue {
            return (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || a == 0x5F
        }
        return c.isLetter || c.isNumber
    }

    static func proseWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func finish() {
            guard !current.isEmpty else { return }
            words.append(current)
            if current.contains("_") {
                words += current.split(separator: "_").map(String.init)
            }
            current = ""
        }
        for c in text.precomposedStringWithCanonicalMapping.lowercased() {
            if isWordCharacter(c) { current.append(c) } else { finish() }
        }
        finish()
        return words
    }

    /// Identifiers in code, whole and split at lower→upper case changes.
    static func codeWords(_ code: String) -> [String] {
        var words: [String] = []
        var identifier = ""
        func finish() {
            guard !identifier.isEmpty else { return }
            words.append(identifier.precomposedStringWithCanonicalMapping.lowercased())
            var part = ""
            var previousLower = false
            for c in identifier {
                if c == "_" {
                    if !part.isEmpty { words.append(part.lowercased()) }
                    part = ""
                    previousLower = false
                    continue
                }
                if c.isUppercase, previousLower, !part.isEmpty {
                    words.append(part.lowercased())
                    part = ""
                }
                part.append(c)
                previousLower = c.isLowercase || c.isNumber
            }
            if !part.isEmpty, part.count < identifier.count { words.append(part.lowercased()) }
            identifier = ""
        }
        for c in code {
            if isWordCharacter(c) { identifier.append(c) } else { finish() }
        }
        finish()
        return words
    }

    /// Words of two characters or more, and single letters outside ASCII (σ, β): a reader
    /// searches for those.
    static func keep(_ word: String) -> Bool {
        guard !stopWords.contains(word), !word.allSatisfy(\.isNumber) else { return false }
        return word.count >= 2 || word.unicodeScalars.contains { !$0.isASCII }
    }

    /// The contents of `assets/search-index.js`: deterministic (sorted keys, no whitespace).
    public func javaScript() -> String {
        var pages: [(String, String)] = []
        var pageIndex: [String: Int] = [:]
        var postings: [String: [Int]] = [:]
        for (s, section) in sections.enumerated() {
            if pageIndex[section.page] == nil {
                pageIndex[section.page] = pages.count
                pages.append((section.page, section.pageTitle))
            }
            let titleWords = Set(Self.proseWords(section.title))
            var seen: Set<String> = []
            for word in Self.proseWords(section.text) + Self.codeWords(section.code)
            where Self.keep(word) && !titleWords.contains(word) && seen.insert(word).inserted {
                postings[word, default: []].append(s)
            }
        }
        var out = "window.searchIndex={\"pages\":["
        out += pages.map { "[\(Self.json($0.0)),\(Self.json($0.1))]" }.joined(separator: ",")
        out += "],\"sections\":["
        out += sections.map {
            "[\(pageIndex[$0.page]!),\(Self.json($0.anchor)),\(Self.json($0.title)),\(Self.json($0.text))]"
        }.joined(separator: ",")
        let width = sections.count <= 62 ? 1 : sections.count <= 62 * 62 ? 2 : 3
        out += "],\"width\":\(width),\"words\":"
        var entries: [String] = []
        var previous: [Character] = []
        for word in postings.keys.sorted() {
            let characters = Array(word)
            var shared = 0
            while shared < min(previous.count, characters.count, 61), previous[shared] == characters[shared] { shared += 1 }
            let numbers = postings[word]!.map { Self.base62($0, width: width) }.joined()
            entries.append(Self.base62(shared, width: 1) + String(characters[shared...]) + " " + numbers)
            previous = characters
        }
        out += Self.json(entries.joined(separator: ","))
        out += "};\n"
        return out
    }

    static let digits = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// `value` in base 62, left-padded with "0" to `width` characters.
    static func base62(_ value: Int, width: Int) -> String {
        precondition(value >= 0, "base62: negative value \(value)")
        var value = value
        var out: [Character] = []
        repeat {
            out.append(digits[value % 62])
            value /= 62
        } while value > 0
        while out.count < width { out.append("0") }
        return String(out.reversed())
    }

    /// A JSON string literal; also escapes `<` so the index could never close a script element.
    static func json(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "<": out += "\\u003c"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
