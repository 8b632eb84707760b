import Foundation
import WorkbookCore
@testable import WorkbookSite

/// Chapters whose runs are written by hand (each snippet's output and figures).
enum TestBook {
    /// `figures[i]` lists the SVG documents snippet i+1 showed.
    static func verified(_ source: String, path: String = "chapters/01-test.md", outputs: [String],
                         figures: [[String]] = []) throws -> VerifiedChapter {
        let chapter = try Chapter(source: source, path: path)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tree-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var names: [[String]] = []
        var count = 0
        for index in outputs.indices {
            names.append([])
            for svg in index < figures.count ? figures[index] : [] {
                count += 1
                let name = "figure-\(count).svg"
                try svg.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
                names[index].append(name)
            }
        }
        let run = ChapterRun(finishedWith: outputs, figures: names, figuresDirectory: directory)
        return try VerifiedChapter(chapter: chapter, run: run)
    }

    static let front = SiteBuilder.FrontMatter(title: "Test Book", subtitle: "A subtitle", pitchMarkdown: "A *pitch*.")

    static func site(_ chapters: [VerifiedChapter]) throws -> [String: String] {
        try SiteBuilder.build(chapters, frontMatter: front, warnings: { _ in }).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    /// The problems a build of one chapter reports, as "line:column: message".
    static func problems(_ source: String, outputs: [String] = []) throws -> [String] {
        do {
            _ = try SiteBuilder.build([verified(source, outputs: outputs)], frontMatter: front, warnings: { _ in })
            return []
        } catch let diagnostics as Diagnostics {
            return diagnostics.all.map { "\($0.line):\($0.column): \($0.message)" }
        }
    }

    /// The body of page 01-test.html: between the chapter header and the pager.
    static func body(_ files: [String: String], _ name: String = "01-test.html") -> String {
        let page = files[name] ?? ""
        guard let start = page.range(of: "</header>\n", range: page.range(of: "<article class=\"chapter\">")!.upperBound..<page.endIndex),
              let end = page.range(of: "<nav class=\"pager\"") else { return page }
        return String(page[start.upperBound..<end.lowerBound])
    }
}
