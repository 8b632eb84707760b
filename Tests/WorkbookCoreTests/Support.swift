import Foundation
import WorkbookProtocol
@testable import WorkbookCore

/// Paths and helpers shared by the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The key of the hand-written runs.
    static let key: [UInt8] = Array(0..<16)

    static func source(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func chapter(_ name: String) throws -> Chapter {
        try Chapter(source: source(name), path: "chapters/\(name)")
    }

    /// Markers as the runtime writes them, in sequence, under `key`.
    struct Markers {
        var writer = MarkerWriter(key: Fixtures.key)
        mutating func callAsFunction(_ marker: Marker) -> String { String(decoding: writer.encode(marker), as: UTF8.self) }
    }

    /// Stdout as the generated program writes it with markers on, for snippets' outputs.
    static func markedOutput(_ outputs: [String], finished: Bool = true) -> String {
        var marker = Markers()
        var text = ""
        for (index, output) in outputs.enumerated() {
            text += marker(.snippet(index + 1)) + output
        }
        return text + (finished ? marker(.end) : "")
    }

    static func run(_ chapter: Chapter, outputs: [String], finished: Bool = true, termination: Termination = .exited(0), stderr: String = "") -> ChapterRun {
        run(chapter, stdout: markedOutput(outputs, finished: finished), termination: termination, stderr: stderr)
    }

    static func run(_ chapter: Chapter, stdout: String, termination: Termination = .exited(0), stderr: String = "") -> ChapterRun {
        let result = RunResult(stdout: stdout, stderr: stderr, termination: termination, seconds: 0)
        return ChapterRun(parsing: result, snippetCount: chapter.snippets.count, key: key, figuresDirectory: URL(fileURLWithPath: "/nonexistent"))
    }
}
