/// The values a site is made of. `SiteBuilder` fills them from chapters; templates only read them.
public struct Book: Sendable {
    public var title: String
    /// One line under the title on the index page.
    public var subtitle: String
    /// The pitch on the index page, as HTML already rendered from Markdown.
    public var pitchHTML: String
    public var chapters: [ChapterPage]

    public init(title: String, subtitle: String, pitchHTML: String, chapters: [ChapterPage]) {
        self.title = title
        self.subtitle = subtitle
        self.pitchHTML = pitchHTML
        self.chapters = chapters
    }
}

/// One chapter as a page of the site.
public struct ChapterPage: Sendable {
    /// The page's file name at the site root, e.g. "03-lstm.html".
    public var fileName: String
    public var number: Int
    /// Plain-text title (escaped by the template).
    public var title: String
    /// One plain-text sentence for the index page's table of contents.
    public var summary: String
    /// How to run the chapter, e.g. "swift run lstm".
    public var runCommand: String
    /// The numbered headings of the chapter, in order (level 2 and deeper).
    public var sections: [SectionHeading]
    /// The chapter's body HTML (without its `<h1>`), as rendered and post-processed.
    public var bodyHTML: String

    public init(fileName: String, number: Int, title: String, summary: String, runCommand: String,
                sections: [SectionHeading], bodyHTML: String) {
        self.fileName = fileName
        self.number = number
        self.title = title
        self.summary = summary
        self.runCommand = runCommand
        self.sections = sections
        self.bodyHTML = bodyHTML
    }
}

/// A numbered heading and its anchor.
public struct SectionHeading: Sendable, Equatable {
    public var level: Int
    /// "3.2"
    public var number: String
    /// Plain text.
    public var title: String
    /// The fragment without "#".
    public var anchor: String

    public init(level: Int, number: String, title: String, anchor: String) {
        self.level = level
        self.number = number
        self.title = title
        self.anchor = anchor
    }

    /// The heading element, numbered and with a self-link: `titleHTML` is the rendered inline HTML
    /// of the heading (it may hold `<code>` or math), or nil to use the escaped plain title.
    public func html(titleHTML: String? = nil) -> String {
        let id = XMLEscaping.attribute(anchor)
        return "<h\(level) id=\"\(id)\"><span class=\"secno\">\(XMLEscaping.text(number))</span> "
            + (titleHTML ?? XMLEscaping.text(title))
            + " <a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to section \(XMLEscaping.attribute(number))\">#</a></h\(level)>"
    }
}
