import ArgumentParser
import Foundation
import WorkbookCore

/// The options shared by the commands that work on chapters.
struct ChapterOptions: ParsableArguments {
    @Argument(help: "Chapters to work on, by executable name (lstm) or file (chapters/03-lstm.md). Default: all.")
    var chapters: [String] = []

    @Option(help: "Seconds a chapter may run before it is stopped.")
    var timeout: Double = 300

    /// The selected chapters, parsed; an unknown name is an error that lists the known ones.
    func selected(in workbook: Workbook) throws -> [Chapter] {
        let all = try workbook.chapters()
        guard !chapters.isEmpty else { return all }
        return try chapters.map { wanted in
            guard let chapter = all.first(where: { $0.name == wanted || $0.path == wanted || $0.path.hasSuffix("/" + wanted) }) else {
                throw ValidationError("no chapter '\(wanted)'; chapters: \(all.map(\.name).joined(separator: ", "))")
            }
            return chapter
        }
    }
}

/// Prints to stderr (progress and reports; stdout stays for what the user asked for).
func report(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Figures of a verification run go to a temporary folder removed afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}
