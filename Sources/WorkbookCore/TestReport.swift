import Foundation

/// A verification's results for CI: one test case per snippet (named by its chapter, number and
/// Markdown line), failed with the diagnostics that belong to it. Problems of a whole chapter
/// (it did not compile, a malformed file) are one more test case, `chapter`, of that chapter.
public struct TestReport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case json, junit
    }

    public struct Case: Sendable, Equatable {
        public var name: String
        public var line: Int
        /// Nil for the `chapter` case.
        public var snippet: Int?
        public var problems: [Diagnostic]
        /// The snippet did not run (the program stopped before it, or never ran).
        public var skipped: Bool
    }

    public struct Suite: Sendable, Equatable {
        public var file: String
        public var seconds: Double
        public var cases: [Case]
    }

    public var suites: [Suite]

    public init(outcomes: [BookEngine.Outcome], malformed: [Diagnostic] = []) {
        suites = outcomes.map { outcome in
            let chapter = outcome.chapter
            var cases: [Case] = chapter.snippets.map { snippet in
                Case(name: "snippet \(snippet.index) (line \(snippet.fenceLine))", line: snippet.fenceLine, snippet: snippet.index,
                     problems: outcome.problems.filter { $0.snippet == snippet.index },
                     skipped: !(outcome.run.map { $0.snippets.indices.contains(snippet.index - 1) && $0.snippets[snippet.index - 1].started } ?? false))
            }
            let whole = outcome.problems.filter { problem in problem.snippet == nil || !chapter.snippets.indices.contains((problem.snippet ?? 0) - 1) }
            if !whole.isEmpty {
                cases.append(Case(name: "chapter", line: whole[0].line, snippet: nil, problems: whole, skipped: false))
            }
            return Suite(file: chapter.path, seconds: outcome.reused ? 0 : outcome.run?.result.seconds ?? 0, cases: cases)
        }
        var byFile: [String: [Diagnostic]] = [:]
        for problem in malformed { byFile[problem.file, default: []].append(problem) }
        for (file, problems) in byFile.sorted(by: { $0.key < $1.key }) {
            suites.append(Suite(file: file, seconds: 0, cases: [Case(name: "chapter", line: problems[0].line, snippet: nil, problems: problems, skipped: false)]))
        }
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .json: return json()
        case .junit: return junit()
        }
    }

    /// `{"chapters": [{"file", "seconds", "cases": [{"name", "line", "snippet", "status", "problems": [...]}]}], "tests", "failures"}`.
    public func json() -> String {
        func status(_ item: Case) -> String { !item.problems.isEmpty ? "failed" : item.skipped ? "skipped" : "passed" }
        let chapters: [[String: Any]] = suites.map { suite in
            [
                "file": suite.file,
                "seconds": suite.seconds,
                "cases": suite.cases.map { item -> [String: Any] in
                    var entry: [String: Any] = [
                        "name": item.name, "line": item.line, "status": status(item),
                        "problems": item.problems.map { problem -> [String: Any] in
                            ["kind": problem.kind.rawValue, "location": problem.location, "line": problem.line, "column": problem.column,
                             "message": problem.message, "details": problem.details ?? ""]
                        },
                    ]
                    if let snippet = item.snippet { entry["snippet"] = snippet }
                    return entry
                },
            ]
        }
        let all = suites.flatMap(\.cases)
        let object: [String: Any] = ["chapters": chapters, "tests": all.count, "failures": all.filter { !$0.problems.isEmpty }.count]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// JUnit XML, as CI systems read it: a `testsuite` per chapter, a `testcase` per snippet.
    public func junit() -> String {
        let all = suites.flatMap(\.cases)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"workbook verify\" tests=\"\(all.count)\" failures=\"\(all.filter { !$0.problems.isEmpty }.count)\">\n"
        for suite in suites {
            let failures = suite.cases.filter { !$0.problems.isEmpty }.count
            let skipped = suite.cases.filter { $0.problems.isEmpty && $0.skipped }.count
            out += "  <testsuite name=\"\(Self.xml(suite.file))\" tests=\"\(suite.cases.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", suite.seconds))\">\n"
            for item in suite.cases {
                out += "    <testcase classname=\"\(Self.xml(suite.file))\" name=\"\(Self.xml(item.name))\" file=\"\(Self.xml(suite.file))\" line=\"\(item.line)\""
                if item.problems.isEmpty && !item.skipped {
                    out += "/>\n"
                    continue
                }
                out += ">\n"
                if item.problems.isEmpty {
                    out += "      <skipped message=\"the program did not reach this snippet\"/>\n"
                }
                for problem in item.problems {
                    out += "      <failure type=\"\(problem.kind.rawValue)\" message=\"\(Self.xml(problem.location + ": " + problem.message))\">"
                        + Self.xml(problem.description) + "</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Text as XML character data or attribute value; characters XML 1.0 cannot hold are shown
    /// as `\u{…}` (output with control characters is reported, not copied).
    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) || scalar.value == 0x7F {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
