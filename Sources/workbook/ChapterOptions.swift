import ArgumentParser
import Foundation
import WorkbookCore

/// The options shared by the commands that work on chapters.
struct ChapterOptions: ParsableArguments {
    @Argument(help: "Chapters to work on, by executable name (lstm) or file (chapters/03-lstm.md). Default: all.")
    var chapters: [String] = []

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

    @Flag(help: "Run every chapter, even those whose kept run is still valid (see `.build/workbook-cache`).")
    var rerun = false

    func validate() throws { try validateTimeout(timeout) }

    /// The selected chapters that parse, and the problems of the malformed ones (reported by
    /// the caller, which goes on with the others); an unknown name is an error that lists the
    /// known ones.
    func selected(in workbook: Workbook) throws -> (chapters: [Chapter], problems: [Diagnostic]) {
        let (all, problems) = try workbook.loadChapters()
        guard !chapters.isEmpty else { return (all, problems) }
        var picked: [Chapter] = []
        var pickedProblems: [Diagnostic] = []
        for wanted in chapters {
            func matches(_ path: String) -> Bool { path == wanted || path.hasSuffix("/" + wanted) || Chapter.executableName(forFile: String(path.split(separator: "/").last ?? "")) == wanted }
            if let chapter = all.first(where: { $0.name == wanted || matches($0.path) }) {
                picked.append(chapter)
            } else if problems.contains(where: { matches($0.file) }) {
                pickedProblems += problems.filter { matches($0.file) }
            } else {
                throw ValidationError("no chapter '\(wanted)'; chapters: \(all.map(\.name).joined(separator: ", "))")
            }
        }
        return (picked, pickedProblems)
    }
}

/// Prints to stderr (progress and reports; stdout stays for what the user asked for).
func report(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The engine the commands share: runs are kept in `.build/workbook-cache` unless `rerun`.
func engine(for workbook: Workbook, timeout: Double, rerun: Bool) -> BookEngine {
    BookEngine(workbook: workbook, timeout: timeout, cache: rerun ? nil : RunCache(workbookRoot: workbook.root),
               executables: .swiftBuild, echo: { FileHandle.standardError.write($0) })
}

/// Checks a `--timeout` value: a positive number of seconds.
func validateTimeout(_ timeout: Double) throws {
    guard timeout.isFinite, timeout > 0 else {
        throw ValidationError("--timeout must be a positive number of seconds, like 300; got \(timeout)")
    }
}

/// What to do about the problems seen (a time-out, stale blocks), for the end of a report.
func timeoutAdvice(_ problems: [Diagnostic], timeout: Double) -> String? {
    BookEngine.advice(for: problems.filter { $0.kind == .timeout }, timeout: timeout)
}
