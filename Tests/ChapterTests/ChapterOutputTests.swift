import Foundation
import Testing
import WorkbookCore

/// Runs every chapter of the book and checks every snippet's output against its block.
/// A failure is reported at the chapter's Markdown line, so editors jump straight to it.
@Suite struct ChapterOutputTests {
    static let workbook = Workbook(root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())

    /// Where `swift test` put the executables: next to the test binary.
    static var binaries: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if FileManager.default.fileExists(atPath: executable.path), !executable.path.hasPrefix("/proc") {
            return executable.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    static let chapterFiles = (try? workbook.chapterFiles()) ?? []

    @Test func theBookHasChapters() {
        #expect(!Self.chapterFiles.isEmpty, "no chapters found in \(Self.workbook.root.path)/chapters")
    }

    @Test(arguments: chapterFiles)
    func snippetsPrintWhatTheChapterSays(_ file: Workbook.ChapterFile) throws {
        let chapter: Chapter
        do {
            chapter = try Chapter(contentsOf: file.url, displayPath: file.displayPath)
        } catch let diagnostics as Diagnostics {
            for problem in diagnostics.all { Issue.record(Comment(rawValue: problem.description), sourceLocation: Self.location(of: problem)) }
            return
        }
        #expect(FileManager.default.fileExists(atPath: Self.workbook.root.appendingPathComponent("Sources/Chapters/\(chapter.name)").path),
                "\(file.displayPath) needs a folder Sources/Chapters/\(chapter.name)/ and an entry in the chapters list of Package.swift")
        let figures = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: figures) }
        let (_, problems) = try chapter.verify(executable: Self.binaries.appendingPathComponent(chapter.name), workingDirectory: Self.workbook.root, timeout: 600, figuresDirectory: figures)
        for problem in problems {
            Issue.record(Comment(rawValue: problem.description), sourceLocation: Self.location(of: problem))
        }
    }

    static func location(of problem: Diagnostic) -> SourceLocation {
        SourceLocation(
            fileID: problem.file,
            filePath: workbook.root.appendingPathComponent(problem.file).path,
            line: problem.line,
            column: problem.column
        )
    }
}

extension Workbook.ChapterFile: CustomTestStringConvertible {
    public var testDescription: String { displayPath }
}
