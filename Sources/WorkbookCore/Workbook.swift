import Foundation

/// The book on disk: a package folder with `Package.swift` and `chapters/NN-name.md`.
public struct Workbook: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// The workbook containing `directory` or one of its parents.
    public static func find(from directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> Workbook {
        var candidate = directory.standardizedFileURL
        while true {
            let manifest = candidate.appendingPathComponent("Package.swift").path
            let chapters = candidate.appendingPathComponent("chapters").path
            if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: chapters) {
                return Workbook(root: candidate)
            }
            let parent = candidate.deletingLastPathComponent()
            guard parent.path != candidate.path else {
                throw WorkbookError("no workbook here: no folder from \(directory.path) up holds Package.swift and chapters/")
            }
            candidate = parent
        }
    }

    /// A chapter file: its location and the path shown to users (`chapters/03-lstm.md`).
    public struct ChapterFile: Sendable, Hashable {
        public var url: URL
        public var displayPath: String
        public var name: String
    }

    /// The chapter files, in the order of their numbers.
    public func chapterFiles() throws -> [ChapterFile] {
        let folder = root.appendingPathComponent("chapters")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.sorted().compactMap { file in
            Chapter.executableName(forFile: file).map {
                ChapterFile(url: folder.appendingPathComponent(file), displayPath: "chapters/\(file)", name: $0)
            }
        }
    }

    /// Every chapter, parsed. Throws the diagnostics of all malformed chapters at once.
    public func chapters() throws -> [Chapter] {
        var result: [Chapter] = []
        var problems: [Diagnostic] = []
        for file in try chapterFiles() {
            do {
                result.append(try Chapter(contentsOf: file.url, displayPath: file.displayPath))
            } catch let diagnostics as Diagnostics {
                problems += diagnostics.all
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems) }
        return result
    }
}

public struct WorkbookError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Chapter {
    /// Runs the chapter's executable and checks every snippet: the run and its problems.
    public func verify(executable: URL, workingDirectory: URL? = nil, timeout: Double, figuresDirectory: URL) throws -> (run: ChapterRun, problems: [Diagnostic]) {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw Diagnostics([Diagnostic(file: path, line: 1, message: "no executable '\(name)' at \(executable.path): is \"\(name)\" in the chapters list of Package.swift, with a folder Sources/Chapters/\(name)/?")])
        }
        let run = try ChapterRun.run(self, executable: executable, workingDirectory: workingDirectory, timeout: timeout, figuresDirectory: figuresDirectory)
        return (run, Verification.check(self, run))
    }
}
