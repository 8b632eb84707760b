/// The first sentence of a chapter's first paragraph, for the index page's table of contents.
///
/// A sentence ends at `.`, `!` or `?` followed by a space and a capital letter or an opening
/// quote, except after an initial ("A. R. Murugadoss") or a common abbreviation ("e.g.", "Fig.").
enum ChapterSummary {
    static let abbreviations: Set<String> = ["e.g", "i.e", "cf", "vs", "etc", "fig", "eq", "no", "dr", "mr", "mrs", "ms", "st"]

    static func of(_ body: PageNode) -> String {
        guard let paragraph = body.children.first(where: { $0.kind == .paragraph }) else { return "" }
        return firstSentence(paragraph.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " "))
    }

    static func firstSentence(_ text: String) -> String {
        let characters = Array(text)
        for i in characters.indices where ".!?".contains(characters[i]) {
            guard i + 2 < characters.count, characters[i + 1] == " " else { continue }
            let next = characters[i + 2]
            guard next.isUppercase || "“‘\"(".contains(next) else { continue }
            if characters[i] == "." {
                // The word before the period: one capital letter is an initial.
                var start = i
                while start > 0, !characters[start - 1].isWhitespace, characters[start - 1] != "(" { start -= 1 }
                let word = String(characters[start..<i])
                if word.count == 1, word.first!.isUppercase { continue }
                if abbreviations.contains(word.lowercased()) { continue }
            }
            return String(characters[...i])
        }
        return text
    }
}
