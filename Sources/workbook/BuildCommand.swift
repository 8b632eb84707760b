import ArgumentParser
import Foundation
import WorkbookCore
import WorkbookSite

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Verify every chapter and render the book into site/.",
        discussion: "The site is written to a temporary folder and swapped in whole; a chapter whose output does not match fails the build and leaves site/ as it was."
    )

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

    func run() throws {
        let started = Date()
        let workbook = try Workbook.find()
        let chapters = try workbook.chapters()
        var verified: [VerifiedChapter] = []
        var failures = 0
        try verifyEach(chapters, in: workbook, products: [], timeout: timeout) { number, chapter, run, problems in
            report("[\(number + 1)/\(chapters.count)] \(chapter.path): \(problems.isEmpty ? "verified" : "FAILED") in \(String(format: "%.2f", run.result.seconds)) s")
            problems.forEach { report($0.description) }
            failures += problems.count
            if problems.isEmpty { verified.append(try VerifiedChapter(chapter: chapter, run: run)) }
        }
        guard failures == 0 else {
            report("the site was not built: \(failures) problem\(failures == 1 ? "" : "s"); site/ is unchanged")
            throw ExitCode.failure
        }
        let frontMatter = SiteBuilder.FrontMatter(markdown: (try? String(contentsOf: workbook.root.appendingPathComponent("chapters/index.md"), encoding: .utf8)) ?? "")
        let files = try SiteBuilder.build(verified, frontMatter: frontMatter)
        try AtomicDirectory.replace(workbook.root.appendingPathComponent("site"), with: files)
        let bytes = files.values.reduce(0) { $0 + $1.count }
        print("wrote site/: \(files.count) files, \(bytes / 1024) KB, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; open site/index.html")
    }
}
