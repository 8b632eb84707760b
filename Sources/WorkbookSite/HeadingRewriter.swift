import Foundation

/// Numbers and anchors the headings of a chapter's cmark HTML.
///
/// cmark writes headings as bare `<h2>…</h2>`; this turns each into the numbered, linkable form of
/// `SectionHeading.html`, takes the chapter title out of the first `<h1>` (the page template
/// renders it), and honours an explicit `{#sec:name}` at the end of a heading as its anchor and
/// cross-reference label.
public enum HeadingRewriter {
    public struct Result: Sendable, Equatable {
        /// The body without its `<h1>`, with numbered headings.
        public var html: String
        /// The plain text of the first `<h1>`, if any.
        public var title: String?
        public var sections: [SectionHeading]
        /// Explicit `{#label}` ids, in order, each with its heading.
        public var labels: [String: SectionHeading]
    }

    /// Rewrites `html` for chapter `chapter`; `reserved` ids (figure and equation labels) are
    /// never produced as slugs.
    public static func rewrite(_ html: String, chapter: Int, reserved: Set<String> = []) -> Result {
        var slugs = SlugGenerator(reserved: reserved.union(["chapter-title", "content"]))
        var numbers = HeadingNumberer(chapter: chapter)
        var out = ""
        var title: String?
        var sections: [SectionHeading] = []
        var labels: [String: SectionHeading] = [:]
        var rest = html[...]
        while let open = nextHeading(in: rest) {
            out += rest[..<open.range.lowerBound]
            let closeTag = "</h\(open.level)>"
            guard let close = rest[open.range.upperBound...].range(of: closeTag) else { break }
            var inner = String(rest[open.range.upperBound..<close.lowerBound])
            rest = rest[close.upperBound...]
            if open.level == 1 && title == nil {
                title = plainText(inner)
                if rest.hasPrefix("\n") { rest = rest.dropFirst() }
                continue
            }
            var explicit: String?
            let split = splitExplicitID(inner)
            if split.id != nil {
                inner = split.text
                explicit = split.id
            }
            let plain = plainText(inner)
            let anchor: String
            if let explicit, slugs.reserve(explicit) {
                anchor = explicit
            } else {
                anchor = slugs.slug(for: plain)
            }
            let heading = SectionHeading(level: open.level, number: numbers.next(level: open.level), title: plain, anchor: anchor)
            if let explicit { labels[explicit] = heading }
            sections.append(heading)
            out += heading.html(titleHTML: inner)
        }
        out += rest
        return Result(html: out, title: title, sections: sections, labels: labels)
    }

    private static func nextHeading(in html: Substring) -> (range: Range<String.Index>, level: Int)? {
        var best: (Range<String.Index>, Int)?
        for level in 1...6 {
            if let range = html.range(of: "<h\(level)>"), best == nil || range.lowerBound < best!.0.lowerBound {
                best = (range, level)
            }
        }
        return best
    }

    /// Text of inline HTML: tags dropped, the five XML entities decoded, and math replaced by its
    /// TeX annotation so that a heading with math still gets a readable title and slug.
    static func plainText(_ html: String) -> String {
        var text = ""
        var rest = html[...]
        while let lt = rest.firstIndex(of: "<") {
            text += rest[..<lt]
            if rest[lt...].hasPrefix("<math"), let end = rest[lt...].range(of: "</math>") {
                let math = rest[lt..<end.upperBound]
                if let a = math.range(of: "<annotation encoding=\"application/x-tex\">"),
                   let b = math[a.upperBound...].range(of: "</annotation>") {
                    text += math[a.upperBound..<b.lowerBound]
                }
                rest = rest[end.upperBound...]
                continue
            }
            guard let gt = rest[lt...].firstIndex(of: ">") else { break }
            rest = rest[rest.index(after: gt)...]
        }
        text += rest
        return text.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
            .replacingAll("&#39;", with: "'").replacingAll("&amp;", with: "&").trimmingWhitespace()
    }
}
