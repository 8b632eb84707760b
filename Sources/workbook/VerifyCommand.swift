import ArgumentParser
import Foundation
import WorkbookCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Build and run chapters and check that every snippet prints what its output block says."
    )

    @OptionGroup var options: ChapterOptions

    func run() throws {
        let workbook = try Workbook.find()
        let (chapters, malformed) = try options.selected(in: workbook)
        malformed.forEach { print($0) }
        var failures = malformed.count, snippets = 0
        try verifyEach(chapters, in: workbook, products: options.chapters.isEmpty ? [] : chapters.map(\.name), timeout: options.timeout) { number, chapter, run, problems in
            snippets += chapter.snippets.count
            let status = problems.isEmpty ? "ok" : "FAILED (\(problems.count) problem\(problems.count == 1 ? "" : "s"))"
            print("[\(number + 1)/\(chapters.count)] \(chapter.path): \(chapter.snippets.count) snippets, \(String(format: "%.2f", run.result.seconds)) s: \(status)")
            for problem in problems { print(problem) }
            failures += problems.count
        }
        if failures > 0 {
            print("\(failures) problem\(failures == 1 ? "" : "s") in \(chapters.count) chapter\(chapters.count == 1 ? "" : "s"); `swift run workbook bless` rewrites the output blocks from the actual output.")
            throw ExitCode.failure
        }
        print("verified \(chapters.count) chapter\(chapters.count == 1 ? "" : "s"), \(snippets) snippets: every output matches.")
    }
}
