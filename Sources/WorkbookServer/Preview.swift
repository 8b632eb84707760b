import Foundation
import WorkbookCore
import WorkbookSite

/// The book as the preview server shows it: the site's files, rebuilt from the chapters on
/// every change. Chapters run again only when their program or libraries changed (the engine's
/// kept runs); a prose edit only renders. Pages carry the reload script; a chapter with
/// problems shows them (Markdown line, diff) at the top of its page.
public final class Preview: @unchecked Sendable {
    public let workbook: Workbook
    public let engine: BookEngine
    private let lock = NSLock()
    private var files: [String: Data] = [:]
    private var version = 0
    private var listeners: [UUID: AsyncStream<Int>.Continuation] = [:]
    /// The problems of the last rebuild (all chapters), for the terminal and the tests.
    public private(set) var problems: [Diagnostic] = []
    private let log: @Sendable (String) -> Void

    public init(workbook: Workbook, engine: BookEngine, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.workbook = workbook
        self.engine = engine
        self.log = log
    }

    /// The current version: it goes up by one on every rebuild.
    public var currentVersion: Int { lock.withLock { version } }

    /// The bytes served at `path` (relative to the site root; "" is the index), if any.
    public func file(_ path: String) -> Data? {
        let key = path.isEmpty || path.hasSuffix("/") ? path + "index.html" : path
        if key == LiveReload.scriptPath { return Data(LiveReload.script.utf8) }
        return lock.withLock { files[key] }
    }

    /// Versions as they are made, starting with the current one.
    public func versions() -> AsyncStream<Int> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        lock.withLock {
            listeners[id] = continuation
            continuation.yield(version)
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.lock.withLock { self?.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Verifies what changed, renders the book and tells every open page. Returns the problems.
    @discardableResult
    public func rebuild() -> [Diagnostic] {
        let started = Date()
        var found: [Diagnostic] = []
        var pages: [String: Data]
        var reran: [String] = []
        do {
            let (chapters, malformed) = try workbook.loadChapters()
            found += malformed
            var rendered: [VerifiedChapter] = []
            var byChapter: [String: [Diagnostic]] = [:]
            try engine.verify(chapters) { _, outcome in
                if !outcome.reused, outcome.run != nil { reran.append(outcome.chapter.name) }
                found += outcome.problems
                byChapter[outcome.chapter.path] = outcome.problems
                // A chapter that could not run is shown without outputs or figures.
                let empty = ChapterRun(finishedWith: Array(repeating: "", count: outcome.chapter.snippets.count))
                if let page = outcome.rendered ?? (try? VerifiedChapter(chapter: outcome.chapter, run: empty)) {
                    rendered.append(page)
                }
            }
            // Warnings (which do not stop `build`) go to the terminal, as `build` prints them.
            var warnings: [Diagnostic] = []
            var siteProblems: [Diagnostic] = []
            do {
                pages = try SiteFiles.build(rendered, root: workbook.root, warnings: { warnings.append($0) })
            } catch let diagnostics as Diagnostics {
                siteProblems = diagnostics.all
                pages = [:]
            }
            found += siteProblems
            warnings.forEach { log($0.description) }
            pages = Self.decorate(pages, chapters: rendered.map(\.chapter), problems: byChapter, bookProblems: malformed + siteProblems)
        } catch {
            let problem = (error as? Diagnostics)?.all ?? [Diagnostic(kind: .render, file: "chapters", line: 1, message: "\(error)")]
            found += problem
            pages = ["index.html": Data(Self.errorPage(found).utf8)]
        }
        if pages.isEmpty { pages = ["index.html": Data(Self.errorPage(found).utf8)] }
        lock.withLock {
            files = pages
            problems = found
            version += 1
            for listener in listeners.values { listener.yield(version) }
        }
        let ran = reran.isEmpty ? "nothing ran" : "ran \(reran.joined(separator: ", "))"
        log("rebuilt in \(String(format: "%.2f", Date().timeIntervalSince(started))) s (\(ran)): \(found.isEmpty ? "every output matches" : "\(found.count) problem\(found.count == 1 ? "" : "s")")")
        found.forEach { log($0.description) }
        return found
    }

    /// Pages with the reload script, and problems shown where they belong: a chapter's at the
    /// top of its page, the book's (a malformed chapter, the site) on every page.
    static func decorate(_ pages: [String: Data], chapters: [Chapter], problems: [String: [Diagnostic]], bookProblems: [Diagnostic]) -> [String: Data] {
        let pageOfChapter = Dictionary(uniqueKeysWithValues: chapters.map { (SiteFiles.pageName(of: $0), $0.path) })
        var result = pages
        for (path, data) in pages where path.hasSuffix(".html") {
            var html = String(decoding: data, as: UTF8.self)
            let shown = bookProblems + (pageOfChapter[path].flatMap { problems[$0] } ?? [])
            if !shown.isEmpty { html = ProblemPanel.insert(shown, into: html) }
            result[path] = Data(LiveReload.inject(into: html).utf8)
        }
        return result
    }

    static func errorPage(_ problems: [Diagnostic]) -> String {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>The book does not build</title>\n</head>\n<body>\n<main id=\"content\" class=\"content\">\n<h1>The book does not build</h1>\n</main>\n</body>\n</html>\n"
        return LiveReload.inject(into: ProblemPanel.insert(problems, into: page))
    }
}

/// The box of problems the preview shows in a page (not part of the built site).
enum ProblemPanel {
    static func insert(_ problems: [Diagnostic], into html: String) -> String {
        var box = "<section class=\"workbook-problems\" role=\"alert\" style=\"border:2px solid #c0392b;border-radius:6px;padding:0.5em 1em;margin:1em 0;background:rgba(192,57,43,0.08)\">\n"
        box += "<p><strong>\(problems.count) problem\(problems.count == 1 ? "" : "s")</strong> (the built site would not have this page; fix and save to re-verify)</p>\n"
        for problem in problems {
            box += "<pre style=\"white-space:pre-wrap;overflow-x:auto\">\(XMLEscaping.text(problem.description))</pre>\n"
        }
        box += "</section>\n"
        var page = html
        let anchor = "<main id=\"content\" class=\"content\">\n"
        if let range = page.range(of: anchor) {
            page.insert(contentsOf: box, at: range.upperBound)
        } else if let body = page.range(of: "<body") , let end = page[body.upperBound...].firstIndex(of: ">") {
            page.insert(contentsOf: "\n" + box, at: page.index(after: end))
        }
        return page
    }
}
