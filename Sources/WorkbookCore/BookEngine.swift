import Foundation

/// The build-run-verify loop of the book, shared by the CLI (`verify`, `bless`, `build`), the
/// preview server and the tests: for each chapter, reuse its kept run when nothing it depends
/// on changed (``RunCache``), else build its executable and run it; then check the run against
/// the chapter as it is now.
public struct BookEngine: Sendable {
    /// Where the chapter executables come from.
    public enum Executables: Sendable {
        /// Built on demand with `swift build --product NAME`, only for the chapters that must run.
        case swiftBuild
        /// Already built, in this folder (the tests: `swift test` built them).
        case prebuilt(URL)
        /// Made by the closure for the chapters named, which returns the folder they are in and,
        /// for each chapter that could not be made, what went wrong (tests compile fixtures).
        case custom(@Sendable (_ chapters: [Chapter]) throws -> (folder: URL, failures: [String: String]))
    }

    /// One chapter's result.
    public struct Outcome: Sendable {
        public var chapter: Chapter
        /// Nil when the chapter could not be run (it did not compile, or has no executable).
        public var run: ChapterRun?
        public var problems: [Diagnostic]
        /// Whether the run was reused rather than made now.
        public var reused: Bool
        /// The chapter with its figures, ready for the site: present whenever there was a run
        /// whose figures could be read (a failing chapter can still be previewed).
        public var rendered: VerifiedChapter?
        /// Present when the run had no problems.
        public var verified: VerifiedChapter? { problems.isEmpty ? rendered : nil }
    }

    public var workbook: Workbook
    public var timeout: Double
    /// Nil: every chapter runs.
    public var cache: RunCache?
    public var executables: Executables
    /// Where build output and progress go (the CLI: stderr).
    public var echo: @Sendable (Data) -> Void

    public init(workbook: Workbook, timeout: Double = 300, cache: RunCache? = nil, executables: Executables = .swiftBuild,
                echo: @escaping @Sendable (Data) -> Void = { _ in }) {
        self.workbook = workbook
        self.timeout = timeout
        self.cache = cache
        self.executables = executables
        self.echo = echo
    }

    /// The book's prelude (`chapters/prelude.swift`), if it has one.
    public func prelude() throws -> Prelude? {
        let url = workbook.root.appendingPathComponent("chapters/prelude.swift")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let source = String(data: data, encoding: .utf8) else {
            throw Diagnostics([Diagnostic(kind: .parse, file: "chapters/prelude.swift", line: 1, message: "cannot read the chapters' prelude as UTF-8 text")])
        }
        return Prelude(source: source, path: "chapters/prelude.swift")
    }

    /// The fingerprints of `chapters`' runs as the workbook is now.
    public func fingerprints(_ chapters: [Chapter]) throws -> [RunFingerprint] {
        let prelude = try prelude()
        let toolchain = try Toolchain.version(memo: cache?.toolchainMemo)
        let environment = try RunFingerprint.environmentHash(root: workbook.root, toolchain: toolchain)
        return chapters.map { RunFingerprint(chapter: $0, prelude: prelude, environment: environment) }
    }

    /// Verifies each chapter, in order, handing each outcome to `body` while its figures exist.
    public func verify(_ chapters: [Chapter], _ body: (_ position: Int, _ outcome: Outcome) throws -> Void) throws {
        let prelude = try prelude()
        let fingerprints = cache == nil ? [] : try self.fingerprints(chapters)
        var reused: [Int: ChapterRun] = [:]
        var missing: [String: [String]] = [:]
        if case .swiftBuild = executables {
            // A chapter SwiftPM cannot build is reported with what to do, even if a run of it is kept.
            for chapter in chapters {
                let steps = ChapterScaffold.problems(for: chapter.name, in: workbook.root)
                if !steps.isEmpty { missing[chapter.name] = steps }
            }
        }
        if let cache {
            for (index, chapter) in chapters.enumerated() where missing[chapter.name] == nil {
                if let run = cache.lookup(chapter, fingerprint: fingerprints[index]) { reused[index] = run }
            }
        }
        let toRun = chapters.indices.filter { reused[$0] == nil }.map { chapters[$0] }
        var folder: URL?
        var failures: [String: String] = [:]
        if !toRun.isEmpty {
            switch executables {
            case .prebuilt(let url):
                folder = url
            case .custom(let make):
                (folder, failures) = try make(toRun)
            case .swiftBuild:
                let buildable = toRun.map(\.name).filter { missing[$0] == nil }
                let builds = try SwiftBuild.build(products: buildable, in: workbook.root, echo: echo)
                for build in builds where !build.succeeded { failures[build.product] = build.output }
                if !buildable.isEmpty { folder = try SwiftBuild.binPath(in: workbook.root) }
            }
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (position, chapter) in chapters.enumerated() {
            if let run = reused[position] {
                try body(position, Outcome(chapter: chapter, run: run, problems: Verification.check(chapter, run), reused: true,
                                           rendered: try? VerifiedChapter(chapter: chapter, run: run)))
                continue
            }
            if let steps = missing[chapter.name] {
                let problem = Diagnostic(kind: .missingExecutable, file: chapter.path, line: 1,
                                         message: "SwiftPM cannot build the chapter '\(chapter.name)' yet: " + steps.joined(separator: "; ") + " (or make chapters with `swift run workbook new NAME`)")
                try body(position, Outcome(chapter: chapter, run: nil, problems: [problem], reused: false, rendered: nil))
                continue
            }
            if let output = failures[chapter.name] {
                try body(position, Outcome(chapter: chapter, run: nil, problems: [Self.compileProblem(chapter, output: output)], reused: false, rendered: nil))
                continue
            }
            let figures = scratch.appendingPathComponent(chapter.name)
            let run: ChapterRun, problems: [Diagnostic]
            do {
                (run, problems) = try chapter.verify(executable: folder!.appendingPathComponent(chapter.name), workingDirectory: workbook.root,
                                                     timeout: timeout, figuresDirectory: figures)
            } catch let diagnostics as Diagnostics {
                try body(position, Outcome(chapter: chapter, run: nil, problems: diagnostics.all, reused: false, rendered: nil))
                continue
            }
            if let cache {
                do {
                    try cache.store(run, of: chapter, prelude: prelude, fingerprint: fingerprints[position])
                } catch {
                    echo(Data("warning: could not keep the run of \(chapter.path) in \(cache.directory.path): \(error)\n".utf8))
                }
            }
            try body(position, Outcome(chapter: chapter, run: run, problems: problems, reused: false,
                                       rendered: try? VerifiedChapter(chapter: chapter, run: run)))
        }
    }

    /// Verifies `chapters` and returns every outcome (figures read into memory).
    public func verifyAll(_ chapters: [Chapter]) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        try verify(chapters) { _, outcome in outcomes.append(outcome) }
        return outcomes
    }

    /// Advice for the end of a report about `problems`: how to give a stopped chapter more time
    /// (blessing cannot fix a time-out), and that blessing rewrites stale blocks; nil if none applies.
    public static func advice(for problems: [Diagnostic], timeout: Double) -> String? {
        var advice: [String] = []
        if problems.contains(where: { $0.kind == .timeout }) {
            let seconds = timeout == timeout.rounded() ? String(Int(timeout)) : String(timeout)
            let more = timeout * 4 == (timeout * 4).rounded() ? String(Int(timeout * 4)) : String(timeout * 4)
            advice.append("a chapter was stopped after \(seconds) s: if it is only slow, give it more time with `--timeout \(more)` or make it faster (`swift run -c release NAME` shows its real speed); if it never finishes, look for a loop that does not end at the snippet named. Blessing cannot fix a time-out")
        }
        if problems.contains(where: { Blessing.fixes.contains($0.kind) }) {
            advice.append("`swift run workbook bless` rewrites the output blocks that differ from the actual output (read what it wrote)")
        }
        return advice.isEmpty ? nil : advice.joined(separator: "; ")
    }

    /// The diagnostic for a chapter whose executable did not build: at the compiler's first
    /// error in the chapter, with the errors in the chapter as details.
    static func compileProblem(_ chapter: Chapter, output: String) -> Diagnostic {
        if let errors = SwiftBuild.errors(in: output, file: chapter.path) {
            return Diagnostic(kind: .compile, file: chapter.path, line: errors.line, column: errors.column,
                              message: "the chapter's code does not compile",
                              details: errors.lines.map { "    " + $0 }.joined(separator: "\n"))
        }
        if output.contains("no product named") {
            return Diagnostic(kind: .missingExecutable, file: chapter.path, line: 1,
                              message: "the package has no product '\(chapter.name)': add \"\(chapter.name)\" to the chapters list in Package.swift (or run `swift run workbook new \(chapter.name)` for a new chapter)")
        }
        let tail = output.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).map { "    " + $0 }.joined(separator: "\n")
        return Diagnostic(kind: .compile, file: chapter.path, line: 1, message: "`swift build --product \(chapter.name)` failed", details: tail)
    }
}
