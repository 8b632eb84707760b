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
        let chapters = try options.selected(in: workbook)
        try verifyEach(chapters, in: workbook, products: options.chapters.isEmpty ? [] : chapters.map(\.name), timeout: options.timeout) { _, chapter, run, problems in
            // Crashes and time-outs are not fixed by rewriting outputs: report them, bless the rest.
            for problem in problems where !problem.message.contains("printed") {
                print(problem)
            }
            let result = try Blessing.bless(chapter, run)
            guard !result.changedSnippets.isEmpty else {
                print("\(chapter.path): up to date")
                return
            }
            let lines = result.changedSnippets.map(String.init).joined(separator: ", ")
            if dryRun {
                print(UnifiedDiff.diff(expected: chapter.document.source, actual: result.source, expectedName: chapter.path, actualName: chapter.path + " (blessed)"), terminator: "")
                print("\(chapter.path): would rewrite the output of the snippets at lines \(lines)")
            } else {
                try AtomicFile.write(Data(result.source.utf8), to: workbook.root.appendingPathComponent(chapter.path))
                print("\(chapter.path): rewrote the output of the snippets at lines \(lines)")
            }
        }
    }
}
