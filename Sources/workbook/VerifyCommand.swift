import ArgumentParser
import Foundation
import WorkbookCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Build and run chapters and check that every snippet prints what its output block says.",
        discussion: "A chapter runs again only when its code, the libraries it links or the toolchain changed; otherwise its kept run is checked against the chapter as it is now (--rerun runs every chapter)."
    )

    @OptionGroup var options: ChapterOptions

    @Option(parsing: .upToNextOption,
            help: ArgumentHelp("Also write a test report for CI, one test case per snippet: `--report json FILE` or `--report junit FILE` (after the chapters).", valueName: "format file"))
    var report: [String] = []

    func validate() throws {
        guard report.isEmpty || (report.count == 2 && TestReport.Format(rawValue: report[0]) != nil) else {
            throw ValidationError("--report takes a format (json or junit) and a file, like `--report junit verify.xml`; got \(report.map { "'\($0)'" }.joined(separator: " ")) (chapter names go before --report)")
        }
    }

    func run() throws {
        let workbook = try Workbook.find()
        let (chapters, malformed) = try options.selected(in: workbook)
        malformed.forEach { print($0) }
        var failures = malformed.count, snippets = 0
        var allProblems = malformed
        var outcomes: [BookEngine.Outcome] = []
        try engine(for: workbook, timeout: options.timeout, rerun: options.rerun).verify(chapters) { number, outcome in
            let chapter = outcome.chapter, problems = outcome.problems
            snippets += chapter.snippets.count
            let status = problems.isEmpty ? "ok" : "FAILED (\(problems.count) problem\(problems.count == 1 ? "" : "s"))"
            let timing = outcome.reused ? "unchanged" : outcome.run.map { String(format: "%.2f s", $0.result.seconds) } ?? "not run"
            print("[\(number + 1)/\(chapters.count)] \(chapter.path): \(chapter.snippets.count) snippets, \(timing): \(status)")
            for problem in problems { print(problem) }
            failures += problems.count
            allProblems += problems
            outcomes.append(outcome)
        }
        if report.count == 2, let format = TestReport.Format(rawValue: report[0]) {
            let file = report[1]
            let text = TestReport(outcomes: outcomes, malformed: malformed).render(format)
            try AtomicFile.write(Data(text.utf8), to: URL(fileURLWithPath: file))
        }
        if failures > 0 {
            let advice = BookEngine.advice(for: allProblems, timeout: options.timeout)
            print("\(failures) problem\(failures == 1 ? "" : "s") in \(chapters.count) chapter\(chapters.count == 1 ? "" : "s")" + (advice.map { "; " + $0 + "." } ?? "."))
            throw ExitCode.failure
        }
        print("verified \(chapters.count) chapter\(chapters.count == 1 ? "" : "s"), \(snippets) snippets: every output matches.")
    }
}
