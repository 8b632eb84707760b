import Foundation
import WorkbookCore

/// Runs each chapter once per test process, however many tests need its results: the output
/// checks and the site's staleness check share one run of every chapter.
actor BookRuns {
    static let shared = BookRuns()

    static let workbook = Workbook(root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())

    /// Where `swift test` put the executables: next to the test binary.
    static var binaries: URL {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        if FileManager.default.fileExists(atPath: executable.path), !executable.path.hasPrefix("/proc") {
            return executable.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent()
    }

    struct Outcome: Sendable {
        var chapter: Chapter
        var problems: [Diagnostic]
        /// Present when the run had no problems.
        var verified: VerifiedChapter?
    }

    private var outcomes: [String: Task<Outcome, Error>] = [:]

    /// The verified run of the chapter in `file`; parse errors come back as problems.
    func outcome(of file: Workbook.ChapterFile) async throws -> Outcome {
        if let existing = outcomes[file.displayPath] { return try await existing.value }
        // The run waits for the chapter's process: on a thread of its own, never on one of the
        // cooperative threads that the other suites (the preview server's) need.
        let task = Task { () async throws -> Outcome in try await onOwnThread { () throws -> Outcome in
            let chapter = try Chapter(contentsOf: file.url, displayPath: file.displayPath)
            // The engine the CLI and the server use, without kept runs: the tests run every chapter.
            let engine = BookEngine(workbook: BookRuns.workbook, timeout: 600, cache: nil, executables: .prebuilt(BookRuns.binaries))
            let outcome = try engine.verifyAll([chapter])[0]
            let (problems, verified) = (outcome.problems, outcome.verified)
            return Outcome(chapter: chapter, problems: problems, verified: verified)
        } }
        outcomes[file.displayPath] = task
        return try await task.value
    }
}
