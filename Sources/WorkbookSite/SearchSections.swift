/// The search index's entries for one chapter: a second walk of the same page tree the writer
/// walks, after every pass. One entry per section (the chapter's top, then each numbered
/// heading), holding the section's prose and the code of its snippets. Math is left out of the
/// prose (its TeX is not what a reader types), as are figures' data.
enum SearchSections {
    static func of(_ page: ChapterPage) -> [SearchIndex.Section] {
        var entries = [SearchIndex.Section(page: page.fileName, pageTitle: page.title, anchor: "", title: page.title, text: "", code: "")]
        func prose(_ node: PageNode) -> String {
            switch node.kind {
            case .text(let text), .code(let text): return text
            case .softBreak, .lineBreak: return " "
            case .mathML, .math, .equation: return ""
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
