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
        func fenceLine(_ index: Int?) -> Int {
            guard let index, index >= 1, index <= chapter.snippets.count else { return 1 }
            return chapter.snippets[index - 1].fenceLine
        }

        if let columns = chapter.columns { problems += ColumnBudget.check(chapter, columns: columns) }

        for problem in run.protocolProblems {
            let (index, message): (Int?, String)
            switch problem {
            case .outOfOrder(let expected, let got):
                (index, message) = (expected, "snippet \(expected) was never seen to start: the program announced snippet \(got) instead; the run cannot be trusted")
            case .sequenceGap(let expected, let got):
                (index, message) = (nil, "the verifier's markers are out of sequence (marker \(got) where \(expected) was due); the run cannot be trusted")
            case .endTooEarly(let lastStarted):
                (index, message) = ((lastStarted ?? 0) + 1, "the program announced its end, but snippet \((lastStarted ?? 0) + 1) was never seen to start; the run cannot be trusted")
            case .afterEnd:
                (index, message) = (chapter.snippets.count, "the program wrote verifier markers after its end; the run cannot be trusted")
            case .unknownSnippet(let got):
                (index, message) = (run.lastStarted, "the program announced snippet \(got), but the chapter has \(chapter.snippets.count); the run cannot be trusted")
            }
            problems.append(Diagnostic(kind: .protocolViolation, file: path, line: fenceLine(index), message: message, snippet: index))
        }

        for (snippet, output) in zip(chapter.snippets, run.snippets) where output.started {
            // The snippet that was running when the program stopped early: its output so far is
            // still compared when it was expected to trap, otherwise the crash is the problem.
            if snippet.index == run.interruptedSnippet, snippet.expectedTrap == nil { continue }
            for figure in output.figures where !FileManager.default.fileExists(atPath: run.figuresDirectory.appendingPathComponent(figure).path) {
                problems.append(Diagnostic(
                    kind: .figureMissing, file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) showed \(figure), but the file was not written (see the chapter's stderr)",
                    snippet: snippet.index
                ))
            }
            guard output.isValidUTF8 else {
                problems.append(Diagnostic(
                    kind: .invalidUTF8, file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) printed bytes that are not valid UTF-8, which an output block cannot hold",
                    details: indent(excerpt(UnifiedDiff.visible(output.text), lines: 20)), snippet: snippet.index
                ))
                continue
            }
            let actual = OutputComparison.normalize(output.text)
            if let report = controlCharacterReport(actual) {
                problems.append(Diagnostic(
                    kind: .controlCharacters, file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) printed \(report.summary), which an output block cannot show; print an escape instead (String(reflecting:) or \"\\u{1B}\")",
                    details: indent(report.lines), snippet: snippet.index
                ))
                continue
            }
            if let expected = snippet.expectedOutput {
                if !OutputComparison.matches(expected: expected.text, actual: actual, tolerance: expected.tolerance) {
                    let toleranceNote = expected.tolerance.map { " (numbers compared with tolerance \(format($0)))" } ?? ""
                    problems.append(Diagnostic(
                        kind: .mismatch, file: path, line: expected.fenceLine,
                        message: "snippet \(snippet.index) printed something else than its output block\(toleranceNote)",
                        details: UnifiedDiff.diff(
                            expected: OutputComparison.normalize(expected.text), actual: actual,
                            expectedName: "expected (\(path):\(expected.fenceLine))", actualName: "actual"
                        ),
                        snippet: snippet.index
                    ))
                }
            } else if !actual.isEmpty {
                problems.append(Diagnostic(
                    kind: .missingOutput, file: path, line: snippet.fenceLine,
                    message: "snippet \(snippet.index) printed output but has no ```output block after it",
                    details: indent(excerpt(actual, lines: 20)),
                    snippet: snippet.index
                ))
            }
        }

        let last = run.lastStarted.map { chapter.snippets[$0 - 1] }
        let lastLine = last.map { $0.fenceLine } ?? 1
        if case .timedOut(let seconds) = ended {
            problems.append(Diagnostic(
                kind: .timeout, file: path, line: lastLine,
                message: "the chapter did not finish within \(format(seconds)) s and was stopped\(last.map { " while running snippet \($0.index)" } ?? " before its first snippet")",
                snippet: last?.index
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
                        kind: .expectedTrap, file: path, line: last.fenceLine,
                        message: trapExpected.isEmpty
                            ? "snippet \(last.index) was expected to trap, but it \(reason)"
                            : "snippet \(last.index) was expected to trap with \"\(trapExpected)\", but \(reason)",
                        details: indent(excerpt(crashReport(run.result.stderr, file: path), lines: 20)),
                        snippet: last.index
                    ))
                }
            } else {
                let location = crashLocation(in: run.result.stderr, file: path)
                var kind = Diagnostic.Kind.exit
                if case .signaled = ended { kind = .crash }
                problems.append(Diagnostic(
                    kind: kind, file: path, line: location?.line ?? lastLine, column: location?.column ?? 1,
                    message: "\(last.map { "snippet \($0.index)" } ?? "the chapter") \(describe(ended, finished: run.finished))",
                    details: indent(excerpt(crashReport(run.result.stderr, file: path), lines: 20)),
                    snippet: last?.index
                ))
            }
        } else if let last, last.expectedTrap != nil {
            problems.append(Diagnostic(kind: .expectedTrap, file: path, line: last.fenceLine, message: "snippet \(last.index) was expected to trap, but the chapter finished normally", snippet: last.index))
        }
        // By place in the file; problems at one place keep the order they were found in.
        return problems.enumerated().sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }.map(\.element)
    }

    /// What control characters `text` holds (`U+001B (ESC) on line 2`), with those lines shown
    /// with the characters made visible; nil when there are none.
    static func controlCharacterReport(_ text: String) -> (summary: String, lines: String)? {
        var found: [String] = []
        var shown: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let controls = line.unicodeScalars.filter(ControlCharacters.isControl)
            guard let first = controls.first else { continue }
            if found.count < 3 { found.append("\(ControlCharacters.name(first)) on output line \(number + 1)") }
            if shown.count < 10 { shown.append("\(number + 1): " + UnifiedDiff.visible(String(line))) }
        }
        guard !found.isEmpty else { return nil }
        return (found.joined(separator: ", "), shown.joined(separator: "\n"))
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
