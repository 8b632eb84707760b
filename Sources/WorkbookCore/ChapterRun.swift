import Foundation

/// What each snippet of one run of a chapter printed and showed.
public struct ChapterRun: Sendable {
    public struct SnippetOutput: Sendable, Hashable {
        /// Everything the snippet wrote to stdout.
        public var text: String = ""
        /// File names (in the run's figures folder) of the figures the snippet showed, in order.
        public var figures: [String] = []
        /// Whether the program reached this snippet.
        public var started = false
    }

    /// One entry per snippet of the chapter, in order.
    public var snippets: [SnippetOutput]
    /// Whether the program ran past its last snippet.
    public var finished: Bool
    /// The snippet that was running when the program ended (the last one started).
    public var lastStarted: Int?
    public var result: RunResult
    /// Where the figures of this run were written.
    public var figuresDirectory: URL

    /// The snippet that was running when the program crashed, exited early or was stopped;
    /// nil when the program ran to its end.
    public var interruptedSnippet: Int? {
        result.termination.isSuccess && finished ? nil : lastStarted
    }

    /// Runs a chapter's executable with markers on and splits its output by snippet.
    /// The program runs in `workingDirectory` (the workbook's root, so that a chapter can read
    /// its data files as `chapters/data/…`, just as `swift run` from the root does).
    public static func run(_ chapter: Chapter, executable: URL, workingDirectory: URL? = nil, timeout: Double, figuresDirectory: URL) throws -> ChapterRun {
        let token = "wb" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try FileManager.default.createDirectory(at: figuresDirectory, withIntermediateDirectories: true)
        let result = try ProcessRunner.run(
            executable,
            environment: [
                "WORKBOOK_MARKER": token,
                "WORKBOOK_FIGURES": figuresDirectory.path,
                // Crash reports without colors or prompts, but with source lines.
                "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no,sanitize=no",
            ],
            currentDirectory: workingDirectory,
            timeout: timeout
        )
        return ChapterRun(parsing: result, snippetCount: chapter.snippets.count, token: token, figuresDirectory: figuresDirectory)
    }

    /// Splits stdout at the markers written by WorkbookRuntime (`\u{1E}token:snippet:N\u{1E}`,
    /// `\u{1E}token:end\u{1E}`) and the Figures module (`\u{1E}token:figure:NAME\u{1E}`).
    public init(parsing result: RunResult, snippetCount: Int, token: String, figuresDirectory: URL) {
        self.result = result
        self.figuresDirectory = figuresDirectory
        snippets = Array(repeating: SnippetOutput(), count: snippetCount)
        finished = false
        lastStarted = nil

        let opening = "\u{1E}\(token):"
        var current = 0  // output before the first marker is counted with snippet 1
        var rest = result.stdout[...]
        func append(_ text: Substring) {
            guard !text.isEmpty, snippetCount > 0 else { return }
            snippets[min(current, snippetCount - 1)].text += text
        }
        while let start = rest.range(of: opening) {
            append(rest[..<start.lowerBound])
            guard let close = rest[start.upperBound...].firstIndex(of: "\u{1E}") else {
                rest = rest[start.lowerBound...]
                break
            }
            let marker = rest[start.upperBound..<close]
            rest = rest[rest.index(after: close)...]
            if marker.hasPrefix("snippet:"), let index = Int(marker.dropFirst("snippet:".count)), index >= 1, index <= snippetCount {
                current = index - 1
                snippets[current].started = true
                lastStarted = index
            } else if marker == "end" {
                finished = true
            } else if marker.hasPrefix("figure:"), snippetCount > 0 {
                snippets[min(current, snippetCount - 1)].figures.append(String(marker.dropFirst("figure:".count)))
            }
        }
        append(rest)
    }
}
