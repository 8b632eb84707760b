import Foundation
@testable import WorkbookCore

/// Paths and helpers shared by the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func source(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func chapter(_ name: String) throws -> Chapter {
        try Chapter(source: source(name), path: "chapters/\(name)")
    }

    /// Stdout as the generated program writes it with markers on, for snippets' outputs.
    static func markedOutput(_ outputs: [String], token: String = "T", finished: Bool = true) -> String {
        var text = ""
        for (index, output) in outputs.enumerated() {
            text += "\u{1E}\(token):snippet:\(index + 1)\u{1E}" + output
        }
        return text + (finished ? "\u{1E}\(token):end\u{1E}" : "")
    }

    static func run(_ chapter: Chapter, outputs: [String], finished: Bool = true, termination: Termination = .exited(0), stderr: String = "") -> ChapterRun {
        let result = RunResult(stdout: markedOutput(outputs, finished: finished), stderr: stderr, termination: termination, seconds: 0)
        return ChapterRun(parsing: result, snippetCount: chapter.snippets.count, token: "T", figuresDirectory: URL(fileURLWithPath: "/nonexistent"))
    }
}
