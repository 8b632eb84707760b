import Foundation
import Testing
@testable import WorkbookCore

/// Verification of runs whose stdout is written by hand, marker by marker.
@Suite struct VerificationTests {
    let chapter: Chapter

    init() throws {
        chapter = try Chapter(source: """
            # Runs

            ```swift
            print("one")
            ```

            ```output
            one
            ```

            ```swift
            print("two")
            ```

            ```output tolerance=1e-3
            loss 0.500
            ```
            """, path: "chapters/01-runs.md")
    }

    @Test func markersSplitOutputBySnippet() {
        var marker = Fixtures.Markers()
        let stdout = marker(.snippet(1)) + "one\n" + marker(.snippet(2)) + "partial " + marker(.figure("figure-1.svg")) + "line\n" + marker(.end)
        let run = Fixtures.run(chapter, stdout: stdout)
        #expect(run.snippets == [
            .init(text: "one\n", figures: [], started: true),
            .init(text: "partial line\n", figures: ["figure-1.svg"], started: true),
        ])
        #expect(run.finished)
        #expect(run.lastStarted == 2)
    }

    @Test func aFigureWhoseFileIsMissingIsReported() {
        var marker = Fixtures.Markers()
        let run = Fixtures.run(chapter, stdout: marker(.snippet(1)) + "one\n" + marker(.snippet(2)) + "loss 0.5\n" + marker(.figure("figure-1.svg")) + marker(.end))
        #expect(Verification.check(chapter, run).map(\.description) == [
            "chapters/01-runs.md:11:1: error: snippet 2 showed figure-1.svg, but the file was not written (see the chapter's stderr)",
        ])
    }

    @Test func matchingRunHasNoProblems() {
        #expect(Verification.check(chapter, Fixtures.run(chapter, outputs: ["one\n", "loss 0.5004\n"])).isEmpty)
    }

    @Test func mismatchIsReportedAtTheOutputBlockWithADiff() {
        let problems = Verification.check(chapter, Fixtures.run(chapter, outputs: ["one \n", "loss 0.502\n"]))
        #expect(problems.map(\.description) == [
            """
            chapters/01-runs.md:7:1: error: snippet 1 printed something else than its output block
            --- expected (chapters/01-runs.md:7)
            +++ actual
            @@ -1,1 +1,1 @@
            -one
            +one·
            """,
            """
            chapters/01-runs.md:15:1: error: snippet 2 printed something else than its output block (numbers compared with tolerance 0.001)
            --- expected (chapters/01-runs.md:15)
            +++ actual
            @@ -1,1 +1,1 @@
            -loss 0.500
            +loss 0.502
            """,
        ])
    }

    @Test func crashIsReportedAtTheSnippetThatWasRunning() {
        let stderr = """
            Fatal error: Index out of range
            *** Program crashed: Illegal instruction at 0x0000 ***
            Thread 0 crashed:
            0 0x0001 specialized Array.subscript.getter in runs at //<compiler-generated>
            1 0x0002 runs_main + 10 in runs at chapters/01-runs.md:12:7
            Registers:
            rax 0x0
            """
        let run = Fixtures.run(chapter, outputs: ["one\n", "tw"], finished: false, termination: .signaled(4), stderr: stderr)
        #expect(Verification.check(chapter, run).map(\.description) == [
            """
            chapters/01-runs.md:12:7: error: snippet 2 crashed (SIGILL)
                Fatal error: Index out of range
                *** Program crashed: Illegal instruction at 0x0000 ***
                  1 0x0002 runs_main + 10 in runs at chapters/01-runs.md:12:7
            """,
        ])
    }

    @Test func earlyExitAndTimeout() {
        let exited = Fixtures.run(chapter, outputs: ["one\n"], finished: false, termination: .exited(0))
        #expect(Verification.check(chapter, exited).map(\.description) == [
            "chapters/01-runs.md:3:1: error: snippet 1 ended the program early (exit status 0); the snippets after it did not run",
        ])
        let failed = Fixtures.run(chapter, outputs: ["one\n"], finished: false, termination: .exited(3))
        #expect(Verification.check(chapter, failed).map(\.description) == [
            "chapters/01-runs.md:3:1: error: snippet 1 ended the program with exit status 3",
        ])
        let hung = Fixtures.run(chapter, outputs: ["one\n", ""], finished: false, termination: .timedOut(2))
        #expect(Verification.check(chapter, hung).map(\.description) == [
            "chapters/01-runs.md:11:1: error: the chapter did not finish within 2 s and was stopped while running snippet 2",
        ])
    }

    @Test func outputWithoutBlock() throws {
        let chapter = try Chapter(source: "```swift\nprint(\"hi\")\n```\n", path: "chapters/02-x.md")
        #expect(Verification.check(chapter, Fixtures.run(chapter, outputs: ["hi\n"])).map(\.description) == [
            "chapters/02-x.md:1:1: error: snippet 1 printed output but has no ```output block after it\n    hi",
        ])
    }

    @Test func expectedTraps() throws {
        let source = "```swift\nprint(1)\n```\n\n```output\n1\n```\n\n```swift traps=\"division by zero\"\nprint(1 / zero)\n```\n"
        let chapter = try Chapter(source: source, path: "chapters/03-t.md")
        let trapped = Fixtures.run(chapter, outputs: ["1\n", ""], finished: false, termination: .signaled(4), stderr: "Fatal error: division by zero\n")
        #expect(Verification.check(chapter, trapped).isEmpty)
        let otherTrap = Fixtures.run(chapter, outputs: ["1\n", ""], finished: false, termination: .signaled(4), stderr: "Fatal error: Index out of range\n")
        #expect(Verification.check(chapter, otherTrap).map(\.description) == [
            "chapters/03-t.md:9:1: error: snippet 2 was expected to trap with \"division by zero\", but its crash report does not contain that message\n    Fatal error: Index out of range",
        ])
        let noTrap = Fixtures.run(chapter, outputs: ["1\n", ""], finished: true)
        #expect(Verification.check(chapter, noTrap).map(\.description) == [
            "chapters/03-t.md:9:1: error: snippet 2 was expected to trap, but the chapter finished normally",
        ])
    }
}
