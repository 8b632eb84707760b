import Foundation

/// Runs of chapters kept between invocations, under `.build/workbook-cache/`, so that a chapter
/// re-runs only when its program, the libraries it links or the toolchain changed
/// (``RunFingerprint``). What a run printed is kept, not the verdict: every use checks the run
/// against the chapter as it is now, so editing an output block or prose needs no run.
///
/// Each chapter has one entry, a folder `v<format>/<name>/` holding `run.json` and the run's
/// figures, replaced whole (``AtomicDirectory``): a reader sees the old entry or the new one.
/// An entry that cannot be read, is of another format or belongs to other inputs is ignored.
///
/// Runs are kept only when they can be trusted to repeat: not after a time-out (which depends on
/// the machine's load) or a break of the marker protocol. A run whose output depends on the
/// snippets' line numbers (its code uses `#line` or `#sourceLocation`, or its stdout names the
/// chapter file) is reused only with the same line numbers; otherwise the line numbers in its
/// stderr (crash reports) are moved to where the snippets are now.
public struct RunCache: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The cache of the workbook at `root`.
    public init(workbookRoot root: URL) {
        self.init(directory: root.appendingPathComponent(".build/workbook-cache"))
    }

    var entriesDirectory: URL { directory.appendingPathComponent("v\(RunFingerprint.formatVersion)") }

    public var toolchainMemo: URL { directory.appendingPathComponent("toolchain.json") }

    func entry(_ name: String) -> URL { entriesDirectory.appendingPathComponent(name) }

    struct Stored: Codable {
        struct Output: Codable {
            var bytes: Data
            var figures: [String]
            var started: Bool
        }
        var format: Int
        var fingerprint: RunFingerprint
        var lineSensitive: Bool
        /// The first code line of each snippet when the run was made.
        var codeLines: [Int]
        var snippets: [Output]
        var finished: Bool
        var lastStarted: Int?
        var beforeFirstSnippet: Data
        var stderr: String
        /// "exited" or "signaled", and the number.
        var termination: String
        var status: Int32
        var seconds: Double
    }

    /// The kept run of `chapter` if it was made from the same inputs, else nil. Its figures are
    /// read from the entry's folder, which the caller must not change.
    public func lookup(_ chapter: Chapter, fingerprint: RunFingerprint) -> ChapterRun? {
        let folder = entry(chapter.name)
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("run.json")),
              let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.format == RunFingerprint.formatVersion,
              stored.fingerprint.program == fingerprint.program,
              stored.fingerprint.environment == fingerprint.environment,
              !stored.lineSensitive || stored.fingerprint.programWithLines == fingerprint.programWithLines,
              stored.snippets.count == chapter.snippets.count, stored.codeLines.count == chapter.snippets.count
        else { return nil }
        let termination: Termination
        switch stored.termination {
        case "exited": termination = .exited(stored.status)
        case "signaled": termination = .signaled(stored.status)
        default: return nil
        }
        let stderr = Self.relocate(stored.stderr, file: chapter.path, from: stored.codeLines, to: chapter.snippets)
        var run = ChapterRun(finishedWith: [], figuresDirectory: folder.appendingPathComponent("figures"))
        run.snippets = stored.snippets.map { ChapterRun.SnippetOutput(bytes: Array($0.bytes), figures: $0.figures, started: $0.started) }
        run.finished = stored.finished
        run.lastStarted = stored.lastStarted
        run.beforeFirstSnippet = Array(stored.beforeFirstSnippet)
        run.result = RunResult(stdoutBytes: [], stderr: stderr, termination: termination, seconds: stored.seconds)
        return run
    }

    /// Whether `run` may be kept (see the type's documentation).
    public static func isKeepable(_ run: ChapterRun) -> Bool {
        guard run.protocolProblems.isEmpty else { return false }
        switch run.result.termination {
        case .exited, .signaled: return true
        case .timedOut: return false
        }
    }

    /// Whether `run`'s output could change with the snippets' line numbers alone.
    static func isLineSensitive(_ chapter: Chapter, _ run: ChapterRun, prelude: Prelude?) -> Bool {
        let code = chapter.snippets.map(\.code).joined(separator: "\n") + (prelude?.source ?? "")
        if code.contains("#line") || code.contains("#sourceLocation") { return true }
        let path = Array(chapter.path.utf8)
        let outputs = run.snippets.map(\.bytes) + [run.beforeFirstSnippet]
        return outputs.contains { bytes in bytes.count >= path.count && contains(bytes, path) }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Keeps `run` (made from `fingerprint`) as `chapter`'s entry, with copies of its figures.
    /// Does nothing for a run that may not be kept. Errors are the caller's to ignore or report.
    public func store(_ run: ChapterRun, of chapter: Chapter, prelude: Prelude?, fingerprint: RunFingerprint) throws {
        guard Self.isKeepable(run) else {
            // An old entry stays valid for its own inputs; only drop it if it is now wrong to use.
            return
        }
        let (termination, status): (String, Int32)
        switch run.result.termination {
        case .exited(let code): (termination, status) = ("exited", code)
        case .signaled(let signal): (termination, status) = ("signaled", signal)
        case .timedOut: return
        }
        let stored = Stored(
            format: RunFingerprint.formatVersion, fingerprint: fingerprint,
            lineSensitive: Self.isLineSensitive(chapter, run, prelude: prelude),
            codeLines: chapter.snippets.map(\.codeLine),
            snippets: run.snippets.map { Stored.Output(bytes: Data($0.bytes), figures: $0.figures, started: $0.started) },
            finished: run.finished, lastStarted: run.lastStarted, beforeFirstSnippet: Data(run.beforeFirstSnippet),
            stderr: run.result.stderr, termination: termination, status: status, seconds: run.result.seconds
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var files: [String: Data] = ["run.json": try encoder.encode(stored)]
        for name in Set(run.snippets.flatMap(\.figures)) {
            // A figure and its table (`figure-3.svg`, `figure-3.table.html`), if written.
            let svg = run.figuresDirectory.appendingPathComponent(name)
            let table = svg.deletingPathExtension().appendingPathExtension("table.html")
            for file in [svg, table] {
                guard !name.contains("/"), let data = try? Data(contentsOf: file) else { continue }
                files["figures/" + file.lastPathComponent] = data
            }
        }
        try FileManager.default.createDirectory(at: entriesDirectory, withIntermediateDirectories: true)
        try AtomicDirectory.replace(entry(chapter.name), with: files)
    }

    /// Removes `chapter`'s entry (its run is to be made again).
    public func remove(_ name: String) {
        try? FileManager.default.removeItem(at: entry(name))
    }

    /// `stderr` with every `file:LINE` that lay in a snippet's code when the run was made moved
    /// to where that code is now (the code is the same, only the lines around it moved). The
    /// file is recognized by its name after a `/` (`chapters/03-lstm.md:`, and the runtime's
    /// `lstm/03-lstm.md:` of a failed precondition).
    static func relocate(_ stderr: String, file: String, from oldCodeLines: [Int], to snippets: [Snippet]) -> String {
        let name = String(file.split(separator: "/").last ?? Substring(file))
        let marker = name + ":"
        guard oldCodeLines != snippets.map(\.codeLine), stderr.contains(marker) else { return stderr }
        let spans: [(old: Int, count: Int, new: Int)] = zip(oldCodeLines, snippets).map { old, snippet in
            (old, snippet.code.split(separator: "\n", omittingEmptySubsequences: false).count, snippet.codeLine)
        }
        var result = ""
        var rest = Substring(stderr)
        while let range = rest.range(of: marker) {
            let before = rest[..<range.lowerBound]
            result += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            // Only the file itself, not a longer name ending the same way.
            guard before.isEmpty || before.last == "/" || before.last == " " || before.last == "\n" else { continue }
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let line = Int(digits) else { continue }
            rest = rest.dropFirst(digits.count)
            let moved = spans.first { line >= $0.old && line < $0.old + $0.count }.map { line - $0.old + $0.new } ?? line
            result += String(moved)
        }
        return result + rest
    }
}
