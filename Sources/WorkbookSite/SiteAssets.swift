import Foundation

/// The static files every site ships: the style sheets and `assets/book.js`.
///
/// They are real files under `Resources/` (editable with CSS/JS tooling, reviewable as diffs)
/// and read through `Bundle.module`; `SiteBuilder` writes them next to the pages.
/// `xref.css` styles the markup only the writer knows about: cross-reference previews and
/// scrollable tables.
public enum SiteAssets {
    public struct MissingResource: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "WorkbookSite resource \(name) is missing from the bundle" }
    }

    /// The style sheets every page links, in order.
    static let styleSheets = ["assets/book.css", "assets/xref.css"]

    /// Site-relative path → contents, in a fixed order.
    public static func files() throws -> [(path: String, contents: String)] {
        [("assets/book.css", try resource("book.css")), ("assets/xref.css", try resource("xref.css")),
         ("assets/book.js", try resource("book.js"))]
    }

    static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil)
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { throw MissingResource(name: name) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
