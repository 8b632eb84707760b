import Foundation
import WorkbookCore

/// The site's files as `workbook build` writes them and `workbook serve` serves them: one
/// function, so that the two cannot differ (the server adds only its reload script,
/// ``LiveReload``).
public enum SiteFiles {
    /// The files of the site of `chapters` (all verified) of the workbook at `root`.
    /// The highlighter's results are kept in `.build/workbook-cache/highlight.json` (``HighlightMemo``).
    public static func build(_ chapters: [VerifiedChapter], root: URL,
                             warnings: (Diagnostic) -> Void = SiteBuilder.standardErrorReporter) throws -> [String: Data] {
        HighlightMemo.shared.load(from: root.appendingPathComponent(".build/workbook-cache/highlight.json"))
        defer { HighlightMemo.shared.save() }
        let frontMatter = SiteBuilder.FrontMatter(markdown: (try? String(contentsOf: root.appendingPathComponent("chapters/index.md"), encoding: .utf8)) ?? "")
        return try SiteBuilder.build(chapters, frontMatter: frontMatter, warnings: warnings)
    }

    /// The page of `chapter` in the site (`03-lstm.html` for `chapters/03-lstm.md`), as
    /// ``SiteBuilder`` names it.
    public static func pageName(of chapter: Chapter) -> String {
        (chapter.path.split(separator: "/").last.map { String($0.dropLast(3)) } ?? chapter.name) + ".html"
    }
}

/// What the preview server changes in a page: a script that reloads it when the book changes
/// (server-sent events from `eventsPath`), and the CSP allowing that one connection back to the
/// server. Nothing else of the page changes, so the preview shows the bytes `build` writes.
public enum LiveReload {
    public static let scriptPath = "__workbook/live.js"
    public static let eventsPath = "__workbook/events"

    /// The reload script: on an event, reload; when the server goes away, retry quietly.
    public static let script = """
        (function(){var v=null;var s=new EventSource('/\(eventsPath)');\
        s.onmessage=function(e){if(v!==null&&e.data!==v){location.reload()}v=e.data};})();

        """

    /// `html` with the script before `</body>` and `connect-src 'self'` in its CSP; other bytes unchanged.
    public static func inject(into html: String) -> String {
        var page = html
        let policy = XMLEscaping.attribute(PageTemplate.contentSecurityPolicy)
        if let range = page.range(of: policy) {
            page.replaceSubrange(range, with: XMLEscaping.attribute(PageTemplate.contentSecurityPolicy + "; connect-src 'self'"))
        }
        if let body = page.range(of: "</body>", options: .backwards) {
            page.insert(contentsOf: "<script src=\"/\(scriptPath)\"></script>\n", at: body.lowerBound)
        }
        return page
    }
}
