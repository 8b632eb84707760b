import Foundation
import Testing
@testable import WorkbookCore

/// Chapters that try to make the verifier believe something false, or to lose its output,
/// compiled and run for real.
@Suite struct HostileChapterTests {
    @Test func aForgedEndMarkerAndExitDoNotPass() throws {
        let (_, run, problems) = try EndToEndTests.verify("forge-end.md")
        // The snippet that ended the program is the problem; nothing after it counts as run.
        #expect(problems.map(\.description) == [
            "chapters/forge-end.md:12:1: error: snippet 2 ended the program early (exit status 0); the snippets after it did not run",
        ])
        #expect(problems.map(\.kind) == [.exit])
        #expect(!run.finished)
        #expect(run.snippets.map(\.started) == [true, true, false])
        #expect(run.snippets[1].text == "token none, channel none\n\u{1E}none:end\u{1E}\u{1E}wb:4:end::0123456789abcdef\u{1E}")
    }

    @Test func aForgedSnippetMarkerStaysTheSnippetsOwnOutput() throws {
        let (_, run, problems) = try EndToEndTests.verify("forge-snippet.md")
        #expect(problems.map(\.description) == [
            """
            chapters/forge-snippet.md:3:1: error: snippet 1 printed U+001E (RS) on output line 1, which an output block cannot show; print an escape instead (String(reflecting:) or "\\u{1B}")
                1: mine␞wb:2:snippet:2:0123456789abcdef␞stolen
            """,
        ])
        #expect(run.snippets.map(\.text) == ["mine\u{1E}wb:2:snippet:2:0123456789abcdef\u{1E}stolen\n", "two\n"])
        #expect(run.finished)
    }

    @Test func callingTheRuntimeDirectlyAnnouncesNothing() throws {
        let (_, run, problems) = try EndToEndTests.verify("forge-calls.md")
        // "stolen" stays with snippet 2, which printed it; snippet 3 never started.
        #expect(run.snippets.map(\.text) == ["one\n", "stolen\nread fd 3: -1\n", ""])
        #expect(run.snippets.map(\.started) == [true, true, false])
        #expect(problems.map(\.description) == [
            "chapters/forge-calls.md:12:1: error: snippet 2 ended the program early (exit status 0); the snippets after it did not run",
        ])
    }

    @Test func aChildHoldingStdoutOpenLosesNothing() throws {
        let (_, run, problems) = try EndToEndTests.verify("children.md")
        #expect(problems.isEmpty, "\(problems)")
        #expect(run.snippets.map(\.text) == ["before\n", "after\n"])
        #expect(run.finished)
        // The child in the chapter's group is killed when the chapter ends: no 60 s wait.
        #expect(run.result.seconds < ProcessRunner.graceSeconds, "took \(run.result.seconds) s")
    }

    @Test func aChildThatLeftTheGroupCostsTheGraceTimeButNoOutput() throws {
        let (_, run, problems) = try EndToEndTests.verify("escaped-child.md")
        #expect(problems.isEmpty, "\(problems)")
        #expect(run.snippets.map(\.text) == ["before\n", "after\n"])
        #expect(run.result.seconds >= ProcessRunner.graceSeconds && run.result.seconds < 6, "took \(run.result.seconds) s")
    }

    @Test func aTimeOutKillsTheWholeGroup() throws {
        let (_, run, problems) = try EndToEndTests.verify("hang-children.md", timeout: 2)
        #expect(problems.map(\.description) == [
            "chapters/hang-children.md:3:1: error: the chapter did not finish within 2 s and was stopped while running snippet 1",
        ])
        let text = run.snippets[0].text
        let pid = try #require(Int32(text.dropFirst("child ".count).dropLast()), "\(text)")
        // Killed with the group: gone, or a zombie waiting for whoever adopted it to reap it.
        func isRunning() -> Bool {
            guard kill(pid, 0) == 0 else { return false }
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return true }
            return !stat[close...].hasPrefix(") Z")
        }
        var alive = true
        for _ in 0..<50 where alive {
            alive = isRunning()
            if alive { usleep(20_000) }
        }
        #expect(!alive, "the chapter's child \(pid) survived the time-out")
    }
}
