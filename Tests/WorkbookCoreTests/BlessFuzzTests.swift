import Foundation
import Testing
@testable import WorkbookCore

/// Random chapters — snippets and outputs in quotes, lists, with tabs, odd fences, CRLF, a BOM —
/// blessed with random outputs: blessing either refuses with a clear problem, or writes a
/// chapter that parses, verifies against the same run, and that a second bless leaves as it is.
///
/// Deterministic (a fixed seed). `WORKBOOK_FUZZ_ITERATIONS=N` runs a longer campaign.
@Suite struct BlessFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    struct Tally: CustomStringConvertible {
        var chapters = 0, parsed = 0, blessed = 0, refused = 0, unchanged = 0
        var description: String { "\(chapters) chapters: \(parsed) parsed, \(blessed) blessed and converged, \(unchanged) already up to date, \(refused) refused" }
    }

    static let containers: [(first: String, rest: String)] = [
        ("", ""), ("> ", "> "), (">", ">"), (">\t", ">\t"), ("- ", "  "), ("1. ", "   "), ("> - ", ">   "), ("  ", "  "), ("\t", "\t"),
    ]
    static let fences = ["```", "~~~", "````", " ```", "   ~~~", "\t```"]
    static let codeLines = ["print(1)", "let x = 2", "", "    ```", "  ~~~", "// snippet.hide", "\tindented()", "> quoted", "```not closing"]
    static let outputLines = ["", "text", "```", "\t```", "  ```", "~~~~", "> x", "- item", "a\tb", "trailing  ", "ünïcödé", "    code", "1. one", "#", "<div>"]
    static let prose = ["Prose.", "", "# Heading", "- a list", "> a quote", "    indented code", "<!-- html -->", "---"]

    static func chapter<R: RandomNumberGenerator>(_ random: inout R) -> (source: String, outputs: [String]) {
        var lines: [String] = []
        var outputs: [String] = []
        func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
        func output() -> String {
            let count = Int.random(in: 0...3, using: &random)
            return (0..<count).map { _ in pick(outputLines) + "\n" }.joined()
        }
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            lines.append(pick(prose))
            lines.append("")
            let container = pick(containers)
            let fence = pick(fences)
            let close = Bool.random(using: &random) || Int.random(in: 0..<8, using: &random) > 0
            lines.append(container.first + fence + "swift")
            for _ in 0..<Int.random(in: 0...3, using: &random) { lines.append(container.rest + pick(codeLines)) }
            if close { lines.append(container.rest + fence.trimmingCharacters(in: .whitespaces)) }
            let actual = output()
            outputs.append(actual)
            switch Int.random(in: 0..<4, using: &random) {
            case 0: break  // no block
            case 1:  // a matching block
                lines.append(container.rest.trimmingCharacters(in: .whitespaces))
                lines.append(container.rest + "```output")
                actual.split(separator: "\n", omittingEmptySubsequences: false).dropLast().forEach { lines.append(container.rest + $0) }
                lines.append(container.rest + "```")
            default:  // a stale block
                lines.append(container.rest.trimmingCharacters(in: .whitespaces))
                lines.append(container.rest + pick(fences).trimmingCharacters(in: .whitespaces) + "output")
                lines.append(container.rest + "old")
                if Int.random(in: 0..<6, using: &random) > 0 { lines.append(container.rest + pick(["```", "~~~", "````", "    ```"])) }
            }
            lines.append("")
        }
        let newline = Int.random(in: 0..<5, using: &random) == 0 ? "\r\n" : "\n"
        var source = lines.joined(separator: newline) + (Bool.random(using: &random) ? newline : "")
        if Int.random(in: 0..<10, using: &random) == 0 { source = "\u{FEFF}" + source }
        return (source, outputs)
    }

    static func campaign(iterations: Int, seed: UInt64) -> (Tally, [String]) {
        var random = SplitMix64(state: seed)
        var tally = Tally()
        var failures: [String] = []
        for _ in 0..<iterations {
            let (source, outputs) = chapter(&random)
            tally.chapters += 1
            guard let chapter = try? Chapter(source: source, path: "chapters/01-f.md") else { continue }
            tally.parsed += 1
            let run = Fixtures.run(chapter, outputs: Array(outputs.prefix(chapter.snippets.count)) + Array(repeating: "", count: max(0, chapter.snippets.count - outputs.count)))
            let problems = Verification.check(chapter, run)
            let blessed: Blessing.Result
            do {
                blessed = try Blessing.bless(chapter, run, problems: problems)
            } catch {
                if error.all.allSatisfy({ $0.kind == .blessRefused }) {
                    tally.refused += 1
                    if ProcessInfo.processInfo.environment["WORKBOOK_FUZZ_SHOW"] != nil { print("REFUSED", error.all.map(\.message).joined(separator: " | "), source.debugDescription) }
                } else { failures.append("unexpected problems \(error) for \(source.debugDescription)") }
                continue
            }
            if blessed.changedSnippets.isEmpty {
                tally.unchanged += 1
                if blessed.source != source { failures.append("changed without reason: \(source.debugDescription)") }
                continue
            }
            guard let again = try? Chapter(source: blessed.source, path: chapter.path) else {
                failures.append("blessed chapter does not parse: \(source.debugDescription) -> \(blessed.source.debugDescription)")
                continue
            }
            let rerun = Fixtures.run(again, outputs: run.snippets.map(\.text))
            let left = Verification.check(again, rerun).filter { Blessing.fixes.contains($0.kind) }
            if !left.isEmpty { failures.append("still stale after bless: \(left) in \(blessed.source.debugDescription)") }
            let second = try? Blessing.bless(again, rerun)
            if second?.source != blessed.source || second?.changedSnippets.isEmpty != true {
                failures.append("a second bless changes the file: \(blessed.source.debugDescription)")
            }
            tally.blessed += 1
        }
        return (tally, failures)
    }

    @Test func blessEitherConvergesOrRefuses() {
        let iterations = ProcessInfo.processInfo.environment["WORKBOOK_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 3000
        let (tally, failures) = Self.campaign(iterations: iterations, seed: 2026)
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.first ?? "")")
        // The campaign must exercise both outcomes, or it tests nothing.
        #expect(tally.blessed > iterations / 10 && tally.refused > 0, "\(tally)")
        print("bless fuzz: \(tally)")
    }
}
