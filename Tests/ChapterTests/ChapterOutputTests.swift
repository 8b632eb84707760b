import Foundation
import Testing
import WorkbookCore

/// Runs every chapter of the book and checks every snippet's output against its block.
/// A failure is reported at the chapter's Markdown line, so editors jump straight to it.
@Suite struct ChapterOutputTests {
    static let chapterFiles = (try? BookRuns.workbook.chapterFiles()) ?? []

    @Test func theBookHasChapters() {
        #expect(!Self.chapterFiles.isEmpty, "no chapters found in \(BookRuns.workbook.root.path)/chapters")
    }

    @Test(arguments: chapterFiles)
    func snippetsPrintWhatTheChapterSays(_ file: Workbook.ChapterFile) async throws {
        let outcome: BookRuns.Outcome
        do {
            outcome = try await BookRuns.shared.outcome(of: file)
        } catch let diagnostics as Diagnostics {
            for problem in diagnostics.all { Issue.record(Comment(rawValue: problem.description), sourceLocation: Self.location(of: problem)) }
            return
        }
        let name = outcome.chapter.name
        #expect(FileManager.default.fileExists(atPath: BookRuns.workbook.root.appendingPathComponent("Sources/Chapters/\(name)").path),
                "\(file.displayPath) needs a folder Sources/Chapters/\(name)/ and an entry in the chapters list of Package.swift")
        for problem in outcome.problems {
            Issue.record(Comment(rawValue: problem.description), sourceLocation: Self.location(of: problem))
        }
    }

    static func location(of problem: Diagnostic) -> SourceLocation {
        SourceLocation(
            fileID: problem.file,
            filePath: BookRuns.workbook.root.appendingPathComponent(problem.file).path,
            line: problem.line,
            column: problem.column
        )
    }
}

extension Workbook.ChapterFile: CustomTestStringConvertible {
    public var testDescription: String { displayPath }
}
