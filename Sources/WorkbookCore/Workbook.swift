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

    /// The chapter files, in the order of their numbers. A file named like a chapter whose name
    /// SwiftPM cannot use as an executable is left out; ``loadChapters()`` reports it.
    public func chapterFiles() throws -> [ChapterFile] {
        try candidateFiles().filter { Chapter.nameProblem($0.name) == nil }
    }

    /// Every `NN-name.md` file of `chapters/`, valid name or not.
    func candidateFiles() throws -> [ChapterFile] {
        let folder = root.appendingPathComponent("chapters")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return names.sorted().compactMap { file in
            Chapter.executableName(forFile: file).map {
                ChapterFile(url: folder.appendingPathComponent(file), displayPath: "chapters/\(file)", name: $0)
            }
        }
    }

    /// Every chapter that parses, and the problems of those that do not (bad Markdown, a name
    /// SwiftPM cannot handle, two chapters with one name): one malformed chapter does not keep
    /// the others from being listed or verified.
    public func loadChapters() throws -> (chapters: [Chapter], problems: [Diagnostic]) {
        var result: [Chapter] = []
        var problems: [Diagnostic] = []
        var seen: [String: String] = [:]
        for file in try candidateFiles() {
            if let problem = Chapter.nameProblem(file.name) {
                problems.append(Diagnostic(kind: .parse, file: file.displayPath, line: 1, message: problem))
                continue
            }
            if let other = seen[file.name] {
                problems.append(Diagnostic(kind: .parse, file: file.displayPath, line: 1, message: "\(other) already makes the executable '\(file.name)'; give one of them another name"))
                continue
            }
            seen[file.name] = file.displayPath
            do {
                result.append(try Chapter(contentsOf: file.url, displayPath: file.displayPath))
            } catch let diagnostics as Diagnostics {
                problems += diagnostics.all
            }
        }
        return (result, problems)
    }

    /// Every chapter, parsed. Throws the diagnostics of all malformed chapters at once.
    public func chapters() throws -> [Chapter] {
        let (chapters, problems) = try loadChapters()
        guard problems.isEmpty else { throw Diagnostics(problems) }
        return chapters
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
            throw Diagnostics([Diagnostic(kind: .missingExecutable, file: path, line: 1, message: "no executable '\(name)' at \(executable.path): is \"\(name)\" in the chapters list of Package.swift, with a folder Sources/Chapters/\(name)/?")])
        }
        let run = try ChapterRun.run(self, executable: executable, workingDirectory: workingDirectory, timeout: timeout, figuresDirectory: figuresDirectory)
        return (run, Verification.check(self, run))
    }
}
