/// The HTML shell of every page: head with CSP and theme, top bar, sidebar, content, pager.
///
/// Pages are XHTML-compatible HTML5 (every element closed, attributes quoted, only XML's five
/// entities), so a test can parse each with an XML parser. Pages live at the site root and load
/// `assets/book.css` and `assets/book.js`; nothing is loaded from the network, and the CSP forbids it.
enum PageTemplate {
    /// Runs in `<head>` before the first paint: applies the reader's saved theme (no white flash
    /// in dark mode) and marks the page as scripted so JS-only controls appear.
    /// Kept free of `<` and `&` so the page stays well-formed XML without CDATA.
    static let themeScript =
        "(function(){var d=document.documentElement;d.classList.add('js');"
        + "try{var t=localStorage.getItem('theme');if(t==='dark'||t==='light'){d.setAttribute('data-theme',t)}}catch(e){}})();"

    /// The Content-Security-Policy of every page: nothing from the network, scripts only from the
    /// site's own files plus the hashed theme script. Styles allow inline attributes because the
    /// figures' inline SVGs may carry `style`; with no network sources that cannot leak anything.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self' \(SHA256.cspSource(for: themeScript)); "
        + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "base-uri 'none'; form-action 'none'"

    // MARK: Pages

    /// The page of `book.chapters[index]`.
    static func chapterPage(_ index: Int, of book: Book) -> String {
        let chapter = book.chapters[index]
        let previous: (href: String, title: String) = index > 0
            ? (book.chapters[index - 1].fileName, chapterLabel(book.chapters[index - 1]))
            : ("index.html", "Contents")
        let next = index + 1 < book.chapters.count
            ? (href: book.chapters[index + 1].fileName, title: chapterLabel(book.chapters[index + 1])) : nil

        var article = "<article class=\"chapter\">\n<header class=\"chapter-header\">\n"
        article += "<p class=\"chapter-label\">Chapter \(chapter.number)</p>\n"
        article += "<h1 id=\"chapter-title\">\(XMLEscaping.text(chapter.title))</h1>\n"
        article += runBox(chapter)
        if !chapter.sections.isEmpty {
            article += "<details class=\"page-toc-inline\"><summary>On this page</summary>\n"
            article += pageTOCList(chapter.sections) + "</details>\n"
        }
        article += "</header>\n"
        article += HTMLWriter.html(chapter.body, links: .chapterPage(chapter.fileName))
        article += "<nav class=\"pager\" aria-label=\"Previous and next chapter\">\n"
        article += pagerLink(rel: "prev", label: "Previous", href: previous.href, title: previous.title)
        if let next { article += pagerLink(rel: "next", label: "Next", href: next.href, title: next.title) }
        article += "</nav>\n</article>\n"

        var aside = ""
        if !chapter.sections.isEmpty {
            aside = "<nav class=\"page-toc\" aria-label=\"On this page\">\n<p class=\"page-toc-title\">On this page</p>\n"
                + pageTOCList(chapter.sections) + "</nav>\n"
        }
        var links = "<link rel=\"prev\" href=\"\(XMLEscaping.attribute(previous.href))\"/>\n"
        if let next { links += "<link rel=\"next\" href=\"\(XMLEscaping.attribute(next.href))\"/>\n" }
        return page(title: "\(chapterLabel(chapter)) · \(book.title)", bodyClass: "chapter-page", headLinks: links,
                    book: book, current: index, main: article, aside: aside)
    }

    /// The index page: title, pitch and the table of contents.
    static func indexPage(of book: Book) -> String {
        var main = "<article class=\"home\">\n<header class=\"hero\">\n"
        main += "<h1 id=\"chapter-title\">\(XMLEscaping.text(book.title))</h1>\n"
        main += "<p class=\"subtitle\">\(XMLEscaping.text(book.subtitle))</p>\n</header>\n"
        main += "<div class=\"pitch\">\n\(HTMLWriter.html(book.pitch, links: .chapterPage("index.html")))</div>\n"
        main += "<h2 id=\"contents\">Contents</h2>\n<ol class=\"toc\">\n"
        for chapter in book.chapters {
            let href = XMLEscaping.attribute(chapter.fileName)
            main += "<li><a class=\"toc-chapter\" href=\"\(href)\"><span class=\"secno\">\(chapter.number)</span> "
                + "\(XMLEscaping.text(chapter.title))</a>\n"
            main += "<p class=\"toc-summary\">\(XMLEscaping.text(chapter.summary))</p>\n"
            let top = chapter.sections.filter { $0.level == 2 }
            if !top.isEmpty {
                main += "<ol class=\"toc-sections\">"
                for section in top {
                    main += "<li><a href=\"\(href)#\(XMLEscaping.attribute(section.anchor))\">"
                        + "<span class=\"secno\">\(XMLEscaping.text(section.number))</span> \(XMLEscaping.text(section.title))</a></li>"
                }
                main += "</ol>\n"
            }
            main += "</li>\n"
        }
        main += "</ol>\n"
        main += "<p class=\"home-extra\">Prefer paper? Open the <a href=\"print.html\">one-page print view</a>. "
            + "Every output in this book is checked by <code>swift test</code>, and is the same on every machine.</p>\n"
        if let first = book.chapters.first {
            main += "<nav class=\"pager\" aria-label=\"Start reading\">\n"
                + pagerLink(rel: "next", label: "Start reading", href: first.fileName, title: chapterLabel(first)) + "</nav>\n"
        }
        main += "</article>\n"
        let first = book.chapters.first.map { "<link rel=\"next\" href=\"\(XMLEscaping.attribute($0.fileName))\"/>\n" } ?? ""
        return page(title: book.title, bodyClass: "index-page", headLinks: first, book: book, current: nil,
                    main: main, aside: "")
    }

    /// Every chapter on one page, for printing: a contents list first (a print style sheet can
    /// add page numbers to its links with `target-counter`), then each chapter, written with ids
    /// prefixed by the chapter ("ch3-") and links turned into links within the page.
    static func printPage(of book: Book) -> String {
        var main = "<article class=\"print-book\">\n<header class=\"hero\">\n"
        main += "<h1 id=\"chapter-title\">\(XMLEscaping.text(book.title))</h1>\n"
        main += "<p class=\"subtitle\">\(XMLEscaping.text(book.subtitle))</p>\n</header>\n"
        main += "<nav class=\"print-toc\" aria-label=\"Contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol class=\"toc\">\n"
        for chapter in book.chapters {
            let links = HTMLWriter.Links.printPage(chapter.fileName)
            main += "<li><a class=\"toc-chapter\" href=\"\(XMLEscaping.attribute(links.href(chapter.fileName, nil)))\">"
                + "<span class=\"secno\">\(chapter.number)</span> \(XMLEscaping.text(chapter.title))</a>"
            let top = chapter.sections.filter { $0.level == 2 }
            if !top.isEmpty {
                main += "\n<ol class=\"toc-sections\">\n"
                for section in top {
                    main += "<li><a href=\"\(XMLEscaping.attribute(links.href(chapter.fileName, section.anchor)))\">"
                        + "<span class=\"secno\">\(XMLEscaping.text(section.number))</span> \(XMLEscaping.text(section.title))</a></li>\n"
                }
                main += "</ol>\n"
            }
            main += "</li>\n"
        }
        main += "</ol>\n</nav>\n"
        for chapter in book.chapters {
            let links = HTMLWriter.Links.printPage(chapter.fileName)
            let id = HTMLWriter.Links.printID(chapter.fileName)
            main += "<section class=\"print-chapter\" id=\"\(XMLEscaping.attribute(id))\">\n"
            main += "<p class=\"chapter-label\">Chapter \(chapter.number)</p>\n"
            main += "<h1 id=\"\(XMLEscaping.attribute(links.idPrefix))chapter-title\">\(XMLEscaping.text(chapter.title))</h1>\n"
            main += "<p class=\"run-line\">Run it: <code>\(XMLEscaping.text(chapter.runCommand))</code> · outputs verified by <code>swift test</code></p>\n"
            main += HTMLWriter.html(chapter.body, links: links)
            main += "</section>\n"
        }
        main += "</article>\n"
        return page(title: "\(book.title) (print view)", bodyClass: "print-page", headLinks: "", book: book,
                    current: nil, main: main, aside: "")
    }

    // MARK: Pieces

    static func chapterLabel(_ chapter: ChapterPage) -> String {
        "\(chapter.number). \(chapter.title)"
    }

    static func fileStem(_ fileName: String) -> String {
        fileName.hasSuffix(".html") ? String(fileName.dropLast(5)) : fileName
    }

    static func runBox(_ chapter: ChapterPage) -> String {
        var out = "<aside class=\"run-box\" aria-label=\"How to run this chapter\">\n"
            + "<p><span class=\"run-label\">Run this chapter</span> <code>\(XMLEscaping.text(chapter.runCommand))</code>"
        if !chapter.program.isEmpty {
            let name = chapter.programFileName.split(separator: "/").last.map(String.init) ?? chapter.programFileName
            out += " <a class=\"program-link\" href=\"\(XMLEscaping.attribute(chapter.programFileName))\" download=\"\(XMLEscaping.attribute(name))\">"
                + "Download the whole program</a> <span class=\"program-note\">(every snippet, hidden lines included)</span>"
        }
        out += "</p>\n"
            + "<p class=\"verified\">Every output on this page was printed by this code and is verified by <code>swift test</code>.</p>\n"
            + "</aside>\n"
        return out
    }

    static func pageTOCList(_ sections: [SectionHeading]) -> String {
        var out = "<ol>\n"
        for section in sections where section.level <= 3 {
            out += "<li class=\"toc-level-\(section.level)\"><a href=\"#\(XMLEscaping.attribute(section.anchor))\">"
                + "<span class=\"secno\">\(XMLEscaping.text(section.number))</span> \(XMLEscaping.text(section.title))</a></li>\n"
        }
        return out + "</ol>\n"
    }

    static func pagerLink(rel: String, label: String, href: String, title: String) -> String {
        "<a class=\"pager-\(rel)\" rel=\"\(rel)\" href=\"\(XMLEscaping.attribute(href))\">"
            + "<span class=\"pager-direction\">\(XMLEscaping.text(label))</span>"
            + "<span class=\"pager-title\">\(XMLEscaping.text(title))</span></a>\n"
    }

    static func sidebar(book: Book, current: Int?) -> String {
        var out = "<nav class=\"sidebar\" id=\"sidebar\" aria-label=\"Chapters\">\n<ol class=\"sidebar-chapters\">\n"
        out += "<li><a href=\"index.html\"\(current == nil ? " class=\"sidebar-home\"" : "")>Contents</a></li>\n"
        for (i, chapter) in book.chapters.enumerated() {
            let isCurrent = i == current
            let href = XMLEscaping.attribute(chapter.fileName)
            out += isCurrent ? "<li class=\"current\">" : "<li>"
            out += "<a href=\"\(href)\"\(isCurrent ? " aria-current=\"page\"" : "")>"
                + "<span class=\"secno\">\(chapter.number)</span> \(XMLEscaping.text(chapter.title))</a>"
            let top = chapter.sections.filter { $0.level == 2 }
            if !top.isEmpty {
                out += "\n<ol>"
                for section in top {
                    let target = (isCurrent ? "" : href) + "#" + XMLEscaping.attribute(section.anchor)
                    out += "<li><a href=\"\(target)\"><span class=\"secno\">\(XMLEscaping.text(section.number))</span> "
                        + "\(XMLEscaping.text(section.title))</a></li>"
                }
                out += "</ol>\n"
            }
            out += "</li>\n"
        }
        out += "</ol>\n<p class=\"sidebar-extra\"><a href=\"print.html\">One-page print view</a></p>\n</nav>\n"
        return out
    }

    static func page(title: String, bodyClass: String, headLinks: String, book: Book, current: Int?,
                     main: String, aside: String) -> String {
        var out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" xml:lang=\"en\">\n<head>\n"
        out += "<meta charset=\"utf-8\"/>\n"
        out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(XMLEscaping.attribute(contentSecurityPolicy))\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\"/>\n"
        out += "<title>\(XMLEscaping.text(title))</title>\n"
        out += "<script>\(themeScript)</script>\n"
        for sheet in SiteAssets.styleSheets {
            out += "<link rel=\"stylesheet\" href=\"\(XMLEscaping.attribute(sheet))\"/>\n"
        }
        out += "<link rel=\"icon\" href=\"\(SiteAssets.favicon)\" type=\"image/svg+xml\"/>\n"
        out += headLinks
        out += "</head>\n<body class=\"\(bodyClass)\">\n"
        out += "<a class=\"skip-link\" href=\"#content\">Skip to content</a>\n"
        out += "<input type=\"checkbox\" id=\"nav-toggle\" class=\"nav-toggle\" aria-label=\"Show chapters\"/>\n"
        out += "<header class=\"topbar\">\n"
        out += "<label for=\"nav-toggle\" class=\"menu-button\" title=\"Chapters\"><span class=\"menu-icon\" aria-hidden=\"true\"></span></label>\n"
        out += "<a class=\"book-title\" href=\"index.html\">\(XMLEscaping.text(book.title))</a>\n"
        out += "<div class=\"search\" role=\"search\">\n"
        out += "<input type=\"search\" id=\"search-input\" placeholder=\"Search\" aria-label=\"Search the book\" autocomplete=\"off\" spellcheck=\"false\"/>\n"
        out += "<ol id=\"search-results\" class=\"search-results\" hidden=\"hidden\"></ol>\n</div>\n"
        out += "<button type=\"button\" class=\"theme-toggle\" id=\"theme-toggle\" title=\"Switch light/dark theme\" aria-label=\"Switch light/dark theme\"><span class=\"theme-icon\" aria-hidden=\"true\"></span></button>\n"
        out += "</header>\n"
        out += "<div class=\"layout\">\n"
        out += "<label for=\"nav-toggle\" class=\"nav-scrim\" aria-hidden=\"true\"></label>\n"
        out += sidebar(book: book, current: current)
        out += "<main id=\"content\" class=\"content\">\n\(main)</main>\n"
        out += aside
        out += "</div>\n"
        out += "<script src=\"assets/book.js\"></script>\n"
        out += "</body>\n</html>\n"
        return out
    }
}
