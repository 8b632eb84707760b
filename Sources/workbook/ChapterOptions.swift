import ArgumentParser
import Foundation
import WorkbookCore

/// The options shared by the commands that work on chapters.
struct ChapterOptions: ParsableArguments {
    @Argument(help: "Chapters to work on, by executable name (lstm) or file (chapters/03-lstm.md). Default: all.")
    var chapters: [String] = []

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

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

/// Builds the chapters' executables, then runs and checks each chapter in turn, handing every
/// run to `body` while its figures still exist (they go to a temporary folder removed afterwards).
func verifyEach(
    _ chapters: [Chapter], in workbook: Workbook, products: [String], timeout: Double,
    _ body: (_ position: Int, _ chapter: Chapter, _ run: ChapterRun, _ problems: [Diagnostic]) throws -> Void
) throws {
    let binaries = try SwiftBuild.build(products: products, in: workbook)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (position, chapter) in chapters.enumerated() {
        let (run, problems) = try chapter.verify(
            executable: binaries.appendingPathComponent(chapter.name),
            workingDirectory: workbook.root,
            timeout: timeout,
            figuresDirectory: directory.appendingPathComponent(chapter.name)
        )
        try body(position, chapter, run, problems)
    }
}
