import Foundation

/// Compares one run of a chapter with what the chapter says it prints.
public enum Verification {
    /// Every problem of the run, each at the Markdown line where the author can fix it:
    /// an output block that differs (with a diff), a snippet that printed but has no output
    /// block, a crash, a non-zero exit, a time-out, a trap that was expected but did not happen.
    public static func check(_ chapter: Chapter, _ run: ChapterRun) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let path = chapter.path
        let ended = run.result.termination

        for (snippet, output) in zip(chapter.snippets, run.snippets) where output.started {
            // The snippet that was running when the program stopped early: its output so far is
            // still compared when it was expected to trap, otherwise the crash is the problem.
            if snippet.index == run.interruptedSnippet, snippet.expectedTrap == nil { continue }
            for figure in output.figures where !FileManager.default.fileExists(atPath: run.figuresDirectory.appendingPathComponent(figure).path) {
                problems.append(Diagnostic(
                    file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) showed \(figure), but the file was not written (see the chapter's stderr)"
                ))
            }
            let actual = OutputComparison.normalize(output.text)
            if let expected = snippet.expectedOutput {
                if !OutputComparison.matches(expected: expected.text, actual: actual, tolerance: expected.tolerance) {
                    let toleranceNote = expected.tolerance.map { " (numbers compared with tolerance \(format($0)))" } ?? ""
                    problems.append(Diagnostic(
                        file: path, line: expected.fenceLine,
                        message: "snippet \(snippet.index) printed something else than its output block\(toleranceNote)",
                        details: UnifiedDiff.diff(
                            expected: OutputComparison.normalize(expected.text), actual: actual,
                            expectedName: "expected (\(path):\(expected.fenceLine))", actualName: "actual"
                        )
                    ))
                }
            } else if !actual.isEmpty {
                problems.append(Diagnostic(
                    file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) printed output but has no ```output block after it",
                    details: indent(excerpt(actual, lines: 20))
                ))
            }
        }

        let last = run.lastStarted.map { chapter.snippets[$0 - 1] }
        let lastLine = last.map { $0.fenceLine } ?? 1
        if case .timedOut(let seconds) = ended {
            problems.append(Diagnostic(
                file: path, line: lastLine,
                message: "the chapter did not finish within \(format(seconds)) s and was stopped\(last.map { " while running snippet \($0.index)" } ?? " before its first snippet")"
            ))
        } else if !ended.isSuccess || !run.finished {
            if let last, let trapExpected = last.expectedTrap {
                var trapped = false
                if case .signaled = ended { trapped = trapExpected.isEmpty || run.result.stderr.contains(trapExpected) }
                if !trapped {
                    let reason: String
                    if case .signaled = ended {
                        reason = "its crash report does not contain that message"
                    } else {
                        reason = describe(ended, finished: run.finished)
                    }
                    problems.append(Diagnostic(
                        file: path, line: last.fenceLine,
                        message: trapExpected.isEmpty
                            ? "snippet \(last.index) was expected to trap, but it \(reason)"
                            : "snippet \(last.index) was expected to trap with \"\(trapExpected)\", but \(reason)",
                        details: indent(excerpt(crashReport(run.result.stderr, file: path), lines: 20))
                    ))
                }
            } else {
                let location = crashLocation(in: run.result.stderr, file: path)
                problems.append(Diagnostic(
                    file: path, line: location?.line ?? lastLine, column: location?.column ?? 1,
                    message: "\(last.map { "snippet \($0.index)" } ?? "the chapter") \(describe(ended, finished: run.finished))",
                    details: indent(excerpt(crashReport(run.result.stderr, file: path), lines: 20))
                ))
            }
        } else if let last, last.expectedTrap != nil {
            problems.append(Diagnostic(file: path, line: last.fenceLine, message: "snippet \(last.index) was expected to trap, but the chapter finished normally"))
        }
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func describe(_ termination: Termination, finished: Bool) -> String {
        switch termination {
        case .signaled(let number): return "crashed (\(signalName(number)))"
        case .exited(0) where !finished: return "ended the program early (exit status 0); the snippets after it did not run"
        case .exited(let status): return "ended the program with exit status \(status)"
        case .timedOut(let seconds): return "did not finish within \(format(seconds)) s"
        }
    }

    /// The part of stderr worth showing after a crash: what the program printed to stderr
    /// before it (the last lines), the runtime's "Fatal error" line, and the backtrace frames
    /// that lie in the chapter — not the registers and loaded images of the full report.
    static func crashReport(_ stderr: String, file: String) -> String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        guard let crash = lines.firstIndex(where: { $0.hasPrefix("*** Program crashed") || $0.hasPrefix("💣 Program crashed") }) else {
            return stderr
        }
        var kept = Array(lines[..<crash].suffix(10)).filter { !$0.isEmpty }
        kept.append(lines[crash])
        kept += lines[crash...].filter { $0.contains(" at \(file):") }.map { "  " + $0.trimmingCharacters(in: .whitespaces) }
        return kept.joined(separator: "\n")
    }

    /// The innermost frame of a crash backtrace that lies in the chapter (`at chapters/x.md:45:7`).
    static func crashLocation(in stderr: String, file: String) -> (line: Int, column: Int)? {
        for line in stderr.split(separator: "\n") {
            guard let range = line.range(of: " at " + file + ":") ?? line.range(of: "/" + file + ":") else { continue }
            let numbers = line[range.upperBound...].split(separator: ":", maxSplits: 2).prefix(2).map { Int($0.prefix { $0.isNumber }) }
            if let lineNumber = numbers.first ?? nil {
                let column = numbers.count > 1 ? numbers[1] ?? 1 : 1
                return (lineNumber, column)
            }
        }
        return nil
    }

    static func excerpt(_ text: String, lines count: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.count > count else { return lines.joined(separator: "\n") }
        return (lines.prefix(count) + ["… (\(lines.count - count) more lines)"]).joined(separator: "\n")
    }

    static func indent(_ text: String) -> String? {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
