import Foundation
import WorkbookProtocol

/// What each snippet of one run of a chapter printed and showed.
public struct ChapterRun: Sendable {
    public struct SnippetOutput: Sendable, Hashable {
        /// Everything the snippet wrote to stdout, byte for byte.
        public var bytes: [UInt8] = []
        /// File names (in the run's figures folder) of the figures the snippet showed, in order.
        public var figures: [String] = []
        /// Whether the program reached this snippet.
        public var started = false

        public init(bytes: [UInt8] = [], figures: [String] = [], started: Bool = false) {
            self.bytes = bytes
            self.figures = figures
            self.started = started
        }

        public init(text: String, figures: [String] = [], started: Bool = false) {
            self.init(bytes: Array(text.utf8), figures: figures, started: started)
        }

        /// The output as text (invalid UTF-8 shown as U+FFFD; see ``isValidUTF8``).
        public var text: String { String(decoding: bytes, as: UTF8.self) }
        public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }
    }

    /// A break of the marker protocol, in the order the markers came.
    public enum ProtocolProblem: Hashable, Sendable {
        /// A snippet marker for `got` while snippet `expected` was the next to start.
        case outOfOrder(expected: Int, got: Int)
        /// A marker whose sequence number is not the next one (a marker lost or replayed).
        case sequenceGap(expected: Int, got: Int)
        /// The end marker before the last snippet had started.
        case endTooEarly(lastStarted: Int?)
        /// Markers after the end marker.
        case afterEnd
        /// A snippet index the chapter does not have.
        case unknownSnippet(Int)
    }

    /// One entry per snippet of the chapter, in order.
    public var snippets: [SnippetOutput]
    /// Whether the program ran past its last snippet (and announced it properly).
    public var finished: Bool
    /// The snippet that was running when the program ended (the last one started).
    public var lastStarted: Int?
    /// Output written before the first snippet started (by the prelude).
    public var beforeFirstSnippet: [UInt8] = []
    public var protocolProblems: [ProtocolProblem] = []
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
        var generator = SystemRandomNumberGenerator()
        let key = (0..<MarkerProtocol.keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try FileManager.default.createDirectory(at: figuresDirectory, withIntermediateDirectories: true)
        let result = try ProcessRunner.run(
            executable,
            environment: [
                MarkerProtocol.environmentVariable: String(MarkerProtocol.channelDescriptor),
                // Crash reports without colors or prompts, but with source lines.
                "SWIFT_BACKTRACE": "enable=yes,interactive=no,color=no,sanitize=no",
            ],
            // Variables of older versions of the protocol mean nothing now; pass none of them on.
            removingEnvironment: ["WORKBOOK_MARKER", "WORKBOOK_FIGURES"],
            currentDirectory: workingDirectory,
            timeout: timeout,
            channel: ChannelMessage(key: key, figuresDirectory: figuresDirectory.path).encoded()
        )
        return ChapterRun(parsing: result, snippetCount: chapter.snippets.count, key: key, figuresDirectory: figuresDirectory)
    }

    /// A run that went through every snippet and ended normally, printing `outputs` (one per
    /// snippet) and showing `figures[i]` (file names in `figuresDirectory`) in snippet i+1: for
    /// tests and tools that hold the outputs already.
    public init(finishedWith outputs: [String], figures: [[String]] = [], figuresDirectory: URL = URL(fileURLWithPath: "/nonexistent")) {
        snippets = outputs.enumerated().map { index, text in
            SnippetOutput(text: text, figures: index < figures.count ? figures[index] : [], started: true)
        }
        finished = true
        lastStarted = outputs.isEmpty ? nil : outputs.count
        result = RunResult(stdout: outputs.joined(), stderr: "", termination: .exited(0), seconds: 0)
        self.figuresDirectory = figuresDirectory
    }

    /// Splits stdout at the authenticated markers (see WorkbookProtocol's `MarkerProtocol`).
    /// Only markers in sequence count; output before the first snippet is kept apart.
    public init(parsing result: RunResult, snippetCount: Int, key: [UInt8], figuresDirectory: URL) {
        self.result = result
        self.figuresDirectory = figuresDirectory
        snippets = Array(repeating: SnippetOutput(), count: snippetCount)
        finished = false
        lastStarted = nil

        var nextSequence = 1
        for piece in MarkerScanner.scan(result.stdoutBytes, key: key) {
            switch piece {
            case .text(let bytes):
                if let lastStarted { snippets[lastStarted - 1].bytes += bytes } else { beforeFirstSnippet += bytes }
            case .marker(let sequence, let marker):
                if sequence != nextSequence { protocolProblems.append(.sequenceGap(expected: nextSequence, got: sequence)) }
                nextSequence = sequence + 1
                if finished {
                    protocolProblems.append(.afterEnd)
                    continue
                }
                switch marker {
                case .snippet(let index):
                    let expected = (lastStarted ?? 0) + 1
                    guard index <= snippetCount else { protocolProblems.append(.unknownSnippet(index)); continue }
                    guard index == expected else { protocolProblems.append(.outOfOrder(expected: expected, got: index)); continue }
                    snippets[index - 1].started = true
                    lastStarted = index
                    if index == 1 {
                        // What the prelude printed shows before snippet 1's output in a reader's run.
                        snippets[0].bytes = beforeFirstSnippet
                        beforeFirstSnippet = []
                    }
                case .figure(let name):
                    if let lastStarted { snippets[lastStarted - 1].figures.append(name) }
                case .end:
                    if (lastStarted ?? 0) == snippetCount { finished = true } else { protocolProblems.append(.endTooEarly(lastStarted: lastStarted)) }
                }
            }
        }
    }
}
