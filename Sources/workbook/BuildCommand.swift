import ArgumentParser
import Foundation
import WorkbookCore
import WorkbookSite

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Verify every chapter and render the book into site/.",
        discussion: "The site is written to a temporary folder and swapped in whole; a chapter whose output does not match fails the build and leaves site/ as it was. Only chapters whose code, libraries or toolchain changed run again (--rerun runs all)."
    )

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

    @Flag(help: "Run every chapter, even those whose kept run is still valid.")
    var rerun = false

    func validate() throws { try validateTimeout(timeout) }

    func run() throws {
        let started = Date()
        let workbook = try Workbook.find()
        let chapters = try workbook.chapters()
        var verified: [VerifiedChapter] = []
        var failures = 0
        var problemsSeen: [Diagnostic] = []
        try engine(for: workbook, timeout: timeout, rerun: rerun).verify(chapters) { number, outcome in
            let problems = outcome.problems
            let timing = outcome.reused ? "unchanged, not run" : "in " + String(format: "%.2f", outcome.run?.result.seconds ?? 0) + " s"
            report("[\(number + 1)/\(chapters.count)] \(outcome.chapter.path): \(problems.isEmpty ? "verified" : "FAILED") \(timing)")
            problems.forEach { report($0.description) }
            failures += problems.count
            problemsSeen += problems
            if let chapter = outcome.verified { verified.append(chapter) }
        }
        guard failures == 0 else {
            report("the site was not built: \(failures) problem\(failures == 1 ? "" : "s"); site/ is unchanged")
            if let advice = timeoutAdvice(problemsSeen, timeout: timeout) { report(advice) }
            throw ExitCode.failure
        }
        let files = try SiteFiles.build(verified, root: workbook.root)
        try AtomicDirectory.replace(workbook.root.appendingPathComponent("site"), with: files)
        let bytes = files.values.reduce(0) { $0 + $1.count }
        print("wrote site/: \(files.count) files, \(bytes / 1024) KB, in \(String(format: "%.1f", Date().timeIntervalSince(started))) s; open site/index.html")
    }
}
