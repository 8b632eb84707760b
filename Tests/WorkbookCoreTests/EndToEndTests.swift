import Foundation
import Testing
@testable import WorkbookCore

/// Fixture chapters compiled for real with swiftc and run through the verifier.
@Suite struct EndToEndTests {
    /// Compiles the chapter's program with the runtime's source into an executable.
    /// Returns the executable, or the compiler's stderr when compilation fails.
    static func compile(_ chapter: Chapter, typecheckOnly: Bool = false) throws -> Result<URL, CompileFailure> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // One module holds both files, so the program's `import WorkbookRuntime` is dropped.
        let program = chapter.program().replacingOccurrences(of: "import WorkbookRuntime\n", with: "")
        try program.write(to: directory.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        // The runtime and the protocol it writes, compiled into the same module (without
        // Figures, which the runtime then leaves out).
        let runtime = ["Sources/WorkbookRuntime/Run.swift", "Sources/WorkbookProtocol/MarkerProtocol.swift", "Sources/WorkbookProtocol/SipHash.swift"]
            .map { Fixtures.packageRoot.appendingPathComponent($0).path }
        let executable = directory.appendingPathComponent("chapter")
        var arguments = ["swiftc", "-module-name", "Chapter", directory.appendingPathComponent("main.swift").path] + runtime
        arguments += typecheckOnly ? ["-typecheck"] : ["-Onone", "-g", "-o", executable.path]
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments, currentDirectory: directory, timeout: 600)
        guard result.termination.isSuccess else { return .failure(CompileFailure(stderr: result.stderr)) }
        return .success(executable)
    }

    struct CompileFailure: Error { var stderr: String }

    static func verify(_ name: String, timeout: Double = 60, transform: (String) -> String = { $0 }) throws -> (Chapter, ChapterRun, [Diagnostic]) {
        try verify(source: transform(Fixtures.source(name)), name: name, timeout: timeout)
    }

    static func verify(source: String, name: String, timeout: Double = 60) throws -> (Chapter, ChapterRun, [Diagnostic]) {
        let chapter = try Chapter(source: source, path: "chapters/\(name)")
        let executable = try compile(chapter).get()
        let (run, problems) = try chapter.verify(executable: executable, timeout: timeout, figuresDirectory: executable.deletingLastPathComponent().appendingPathComponent("figures"))
        return (chapter, run, problems)
    }

    @Test func mismatchesToleranceAndBlessRoundTrip() throws {
        let (chapter, run, problems) = try Self.verify("run.md")
        #expect(problems.map(\.description) == [
            """
            chapters/run.md:27:1: error: snippet 3 printed something else than its output block (numbers compared with tolerance 1e-06)
            --- expected (chapters/run.md:27)
            +++ actual
            @@ -1,1 +1,1 @@
            -loss 0.12340
            +loss 0.12346
            """,
            """
            chapters/run.md:33:1: error: snippet 4 printed output but has no ```output block after it
                surprise
            """,
            """
            chapters/run.md:41:1: error: snippet 5 printed something else than its output block
            --- expected (chapters/run.md:41)
            +++ actual
            @@ -1,1 +1,1 @@
            -tabs·and·trailing
            +tabs→and·trailing·
            """,
        ])
        // Bless, then verify the blessed text against the same run: no problems left, and
        // every line outside the rewritten blocks is unchanged.
        let blessed = try Blessing.bless(chapter, run)
        #expect(blessed.changedSnippets == [23, 33, 37])
        let again = try Chapter(source: blessed.source, path: chapter.path)
        #expect(Verification.check(again, run).isEmpty)
        let diff = UnifiedDiff.diff(expected: chapter.document.source, actual: blessed.source, context: 0)
        #expect(diff == """
            --- expected
            +++ actual
            @@ -28,1 +28,1 @@
            -loss 0.12340
            +loss 0.12346
            @@ -36,0 +37,4 @@
            +```output
            +surprise
            +```
            +
            @@ -42,1 +46,1 @@
            -tabs·and·trailing
            +tabs→and·trailing·

            """)
    }

    @Test func trapIsReportedAtTheFailingLine() throws {
        let (_, _, problems) = try Self.verify("trap.md")
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.location == "chapters/trap.md:13:5")
        #expect(problem.message == "snippet 2 crashed (SIGILL)" || problem.message == "snippet 2 crashed (SIGTRAP)")
        #expect(problem.details?.contains("Precondition failed: division by zero") == true, "\(problem)")
    }

    @Test func expectedTrapPasses() throws {
        let (_, run, problems) = try Self.verify("trap.md") {
            $0.replacingOccurrences(of: "```swift\nfunc divide", with: "```swift traps=\"division by zero\"\nfunc divide")
        }
        #expect(problems.isEmpty, "\(problems)")
        #expect(run.snippets.map(\.text) == ["before\n", "about to divide\n"])
    }

    @Test func hangIsStoppedByTheTimeout() throws {
        let (_, run, problems) = try Self.verify("hang.md", timeout: 3)
        #expect(run.result.termination == .timedOut(3))
        #expect(problems.map(\.description) == [
            "chapters/hang.md:11:1: error: the chapter did not finish within 3 s and was stopped while running snippet 2",
        ])
    }

    @Test func compilerErrorsPointAtTheMarkdown() throws {
        let chapter = try Fixtures.chapter("compile-error.md")
        guard case .failure(let failure) = try Self.compile(chapter, typecheckOnly: true) else {
            Issue.record("the chapter compiled, but it should not")
            return
        }
        let firstError = failure.stderr.split(separator: "\n").first { $0.contains(": error:") }
        #expect(firstError == "chapters/compile-error.md:15:18: error: cannot convert value of type 'String' to specified type 'Int'")
    }
}
