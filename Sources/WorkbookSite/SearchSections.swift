/// The search index's entries for one chapter: a second walk of the same page tree the writer
/// walks, after every pass. One entry per section (the chapter's top, then each numbered
/// heading), holding the section's prose and the code of its snippets. Inline math enters the
/// prose as the characters it shows (σ, h, t), not its TeX; display math and figures' data are
/// left out.
enum SearchSections {
    static func of(_ page: ChapterPage) -> [SearchIndex.Section] {
        var entries = [SearchIndex.Section(page: page.fileName, pageTitle: page.title, anchor: "", title: page.title, text: "", code: "")]
        func prose(_ node: PageNode) -> String {
            switch node.kind {
            case .text(let text), .code(let text): return text
            case .softBreak, .lineBreak: return " "
            case .mathML(let mathML): return MathText.of(mathML)
            case .math, .equation: return ""
            case .crossReference(let target): return target.text
            default: return node.children.map(prose).joined()
            }
        }
        func add(_ node: PageNode) {
            switch node.kind {
            case .heading(let heading):
                guard let anchor = heading.anchor, let number = heading.number else { return }
                let title = node.plainText.trimmingWhitespace()
                entries.append(SearchIndex.Section(page: page.fileName, pageTitle: page.title, anchor: anchor,
                                                   title: "\(number) \(title)", text: "", code: ""))
            case .snippet(let snippet):
                entries[entries.count - 1].code += snippet.code
            case .paragraph, .tableCell:
                let words = prose(node).split(whereSeparator: \.isWhitespace)
                if !words.isEmpty { entries[entries.count - 1].text += words.joined(separator: " ") + " " }
            case .codeBlock, .figure, .equation, .rawHTML:
                return
            default:
                node.children.forEach(add)
            }
        }
        page.body.children.forEach(add)
        return entries.map { entry in
            var entry = entry
            entry.text = entry.text.trimmingWhitespace()
            return entry
        }
    }
}

/// The characters a MathML fragment shows: its text, tags dropped, entities decoded.
enum MathText {
    static func of(_ mathML: String) -> String {
        var out = ""
        var inTag = false
        var inAnnotation = false
        var tag = ""
        for c in mathML {
            if c == "<" { inTag = true; tag = ""; continue }
            if inTag {
                if c == ">" {
                    inTag = false
                    if tag.hasPrefix("annotation") { inAnnotation = true }
                    if tag.hasPrefix("/annotation") { inAnnotation = false }
                    out += " "
                } else { tag.append(c) }
                continue
            }
            if !inAnnotation { out.append(c) }
        }
        return XMLEscaping.unescape(out).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
