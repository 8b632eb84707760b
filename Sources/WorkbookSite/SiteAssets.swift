import Foundation

/// The static files every site ships: the style sheets, `assets/book.js`, the favicon and the
/// math font (STIX Math, SIL Open Font License, with its licence beside it).
///
/// They are real files under `Resources/` (editable with CSS/JS tooling, reviewable as diffs)
/// and read through `Bundle.module`; `SiteBuilder` writes them next to the pages.
/// `xref.css` styles the markup only the writer knows about: cross-reference previews and
/// scrollable tables. The font is made by `Scripts/make_math_font.py`.
public enum SiteAssets {
    public struct MissingResource: Error, CustomStringConvertible {
        public var name: String
        public var description: String { "WorkbookSite resource \(name) is missing from the bundle" }
    }

    /// The style sheets every page links, in order.
    static let styleSheets = ["assets/book.css", "assets/xref.css"]

    /// The page icon.
    static let favicon = "assets/favicon.svg"

    /// Site-relative path → contents, in a fixed order (the text files).
    public static func files() throws -> [(path: String, contents: String)] {
        [("assets/book.css", try resource("book.css")), ("assets/xref.css", try resource("xref.css")),
         ("assets/book.js", try resource("book.js")), (favicon, try resource("favicon.svg")),
         ("assets/fonts/STIX-Math-OFL.txt", try resource("fonts/STIX-Math-OFL.txt"))]
    }

    /// Site-relative path → bytes: the files that are not text.
    public static func binaryFiles() throws -> [(path: String, contents: Data)] {
        [("assets/fonts/stix-math.woff2", try Data(contentsOf: url("fonts/stix-math.woff2")))]
    }

    static func url(_ name: String) throws -> URL {
        guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil)
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { throw MissingResource(name: name) }
        return url
    }

    static func resource(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}
