import ArgumentParser
import Foundation
import WorkbookCore

struct BlessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bless",
        abstract: "Rewrite output blocks from what the snippets actually print.",
        discussion: "Only output blocks that no longer match are rewritten; every other byte of the chapter stays as it was."
    )

    @OptionGroup var options: ChapterOptions

    @Flag(help: "Print the changes as a diff instead of writing them.")
    var dryRun = false

    func run() throws {
        let workbook = try Workbook.find()
        let (chapters, malformed) = try options.selected(in: workbook)
        malformed.forEach { print($0) }
        var failed = !malformed.isEmpty
        var problemsSeen: [Diagnostic] = []
        try engine(for: workbook, timeout: options.timeout, rerun: options.rerun).verify(chapters) { _, outcome in
            let chapter = outcome.chapter, problems = outcome.problems
            problemsSeen += problems
            // Crashes, time-outs and the like are not fixed by rewriting outputs: report them,
            // bless the rest, and fail.
            for problem in problems where !Blessing.fixes.contains(problem.kind) {
                print(problem)
                failed = true
            }
            guard let run = outcome.run else {
                failed = true
                return
            }
            let result: Blessing.Result
            do {
                result = try Blessing.bless(chapter, run, problems: problems)
            } catch {
                print(error)
                failed = true
                return
            }
            guard !result.changedSnippets.isEmpty else {
                print("\(chapter.path): up to date")
                return
            }
            let lines = result.changedSnippets.map(String.init).joined(separator: ", ")
            if dryRun {
                print(UnifiedDiff.diff(expected: chapter.document.source, actual: result.source, expectedName: chapter.path, actualName: chapter.path + " (blessed)"), terminator: "")
                print("\(chapter.path): would rewrite the output of the snippets at lines \(lines)")
            } else {
                try Blessing.write(result, to: workbook.root.appendingPathComponent(chapter.path), scratch: workbook.root.appendingPathComponent(".build/workbook-bless"))
                print("\(chapter.path): rewrote the output of the snippets at lines \(lines)")
            }
        }
        if failed {
            if let advice = timeoutAdvice(problemsSeen, timeout: options.timeout) { print(advice) }
            throw ExitCode.failure
        }
    }
}
