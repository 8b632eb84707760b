/// The values a site is made of. `SiteBuilder` fills them from chapters; templates only read them.
struct Book: Sendable {
    var title: String
    /// One line under the title on the index page.
    var subtitle: String
    /// The pitch on the index page, as a page tree.
    var pitch: PageNode
    var chapters: [ChapterPage]
}

/// One chapter as a page of the site.
struct ChapterPage: Sendable {
    /// The page's file name at the site root, e.g. "03-lstm.html".
    var fileName: String
    var number: Int
    /// Plain-text title (escaped by the template).
    var title: String
    /// One plain-text sentence for the index page's table of contents.
    var summary: String
    /// How to run the chapter, e.g. "swift run lstm".
    var runCommand: String
    /// The numbered headings of the chapter, in order (level 2 and deeper).
    var sections: [SectionHeading]
    /// The chapter's body (without its title), after every pass.
    var body: PageNode
    /// The chapter's whole program as a reader can read and run it (`ChapterProgram`), offered
    /// for download as `programFileName`; empty when the chapter has no snippet.
    var program: String = ""

    /// "programs/03-lstm.swift"
    var programFileName: String { "programs/" + PageTemplate.fileStem(fileName) + ".swift" }
}

/// A numbered heading and its anchor.
struct SectionHeading: Sendable, Equatable {
    var level: Int
    /// "3.2"
    var number: String
    /// Plain text.
    var title: String
    /// The fragment without "#".
    var anchor: String
}


