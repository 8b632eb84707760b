import Foundation

/// The static files every site ships: `assets/book.css` and `assets/book.js`.
///
/// They are real files under `Resources/` (editable with CSS/JS tooling, reviewable as diffs)
/// and read through `Bundle.module`; `SiteBuilder` writes them next to the pages.
public enum SiteAssets {
    public struct MissingResource: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "WorkbookSite resource \(name) is missing from the bundle" }
    }

    /// Site-relative path → contents, in a fixed order.
    public static func files() throws -> [(path: String, contents: String)] {
        [("assets/book.css", try resource("book.css")), ("assets/book.js", try resource("book.js"))]
    }

    static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil)
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { throw MissingResource(name: name) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
