import Foundation

/// The release of the workbook's tools, printed by `workbook --version` (the package's tag).
public enum WorkbookVersion {
    public static let number = "2.0.0"
    public static var description: String { "\(number) (kept-run format \(RunFingerprint.formatVersion))" }
}

/// The three places a chapter must be for SwiftPM to build it: `chapters/NN-name.md`, the
/// `chapters` list of `Package.swift`, and a folder `Sources/Chapters/name/` with one source file.
///
/// Why a list at all: a manifest that lists `chapters/` itself (FileManager in Package.swift)
/// works once, then goes stale. SwiftPM keeps the manifest's evaluation keyed by the manifest's
/// text, so a chapter added later is not seen (`error: no product named 'c'`, tried with
/// SwiftPM 6.3.1) until Package.swift itself changes. So the list stays, `workbook new` edits it,
/// and ``problems(for:in:)`` says exactly what is missing.
public enum ChapterScaffold {
    /// The names in `let chapters = [...]` of the manifest at `root`, in order; nil when the
    /// manifest has no such list.
    public static func manifestChapters(root: URL) -> [String]? {
        guard let text = try? String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8),
              let range = listRange(in: text) else { return nil }
        return names(in: text[range])
    }

    /// The range of `[...]` after `let chapters =`.
    static func listRange(in text: String) -> Range<String.Index>? {
        guard let start = text.range(of: "let chapters = [") ?? text.range(of: "let chapters: [String] = [") else { return nil }
        let open = text.index(before: start.upperBound)
        guard let close = text[start.upperBound...].firstIndex(of: "]") else { return nil }
        return open..<text.index(after: close)
    }

    static func names(in list: Substring) -> [String] {
        var names: [String] = []
        var rest = list
        while let quote = rest.firstIndex(of: "\"") {
            let after = rest.index(after: quote)
            guard let end = rest[after...].firstIndex(of: "\"") else { break }
            names.append(String(rest[after..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    /// What keeps `name` (a chapter file's name) from building, each with what to do; empty when nothing.
    public static func problems(for name: String, in root: URL) -> [String] {
        var problems: [String] = []
        if let listed = manifestChapters(root: root) {
            if !listed.contains(name) { problems.append("add \"\(name)\" to the chapters list at the top of Package.swift") }
        } else {
            problems.append("Package.swift has no `let chapters = [...]` list; add one holding \"\(name)\"")
        }
        let folder = root.appendingPathComponent("Sources/Chapters/\(name)")
        let sources = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".swift") }
        if sources.isEmpty {
            problems.append("create Sources/Chapters/\(name)/Chapter.swift holding one comment (SwiftPM needs a source file in the folder)")
        }
        return problems
    }

    /// Makes a new chapter `name` (with `title`) that `swift run name` and `swift test` pick up:
    /// the Markdown file (numbered after the last chapter), its folder, and its entry in the list.
    /// Returns the Markdown file's path relative to the root. Nothing is written when a check fails.
    @discardableResult
    public static func create(_ name: String, title: String?, in workbook: Workbook) throws -> String {
        if let problem = Chapter.nameProblem(name) {
            throw WorkbookError(problem.replacingOccurrences(of: "(rename the file, e.g. to NN-\(Chapter.suggestedName(name)).md)", with: "(try '\(Chapter.suggestedName(name))')"))
        }
        let root = workbook.root
        let files = try workbook.candidateFiles()
        if let existing = files.first(where: { $0.name == name }) {
            throw WorkbookError("\(existing.displayPath) already is the chapter '\(name)'")
        }
        let manifest = root.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        guard let range = listRange(in: text) else {
            throw WorkbookError("Package.swift has no `let chapters = [...]` list to add '\(name)' to")
        }
        let numbers = files.compactMap { Int($0.displayPath.split(separator: "/").last?.prefix { $0.isNumber } ?? "") }
        let number = (numbers.max() ?? -1) + 1
        let fileName = String(format: "%02d-%@.md", number, name)
        let markdown = root.appendingPathComponent("chapters/\(fileName)")
        let folder = root.appendingPathComponent("Sources/Chapters/\(name)")
        let shownTitle = title ?? name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")

        // The list, with the name appended in the list's own style (one line or one name a line).
        let list = text[range]
        let listed = names(in: list)
        var newList: String
        if listed.isEmpty {
            newList = "[\"\(name)\"]"
        } else if list.contains("\n") {
            let body = list.dropFirst().dropLast()
            let indent = body.split(separator: "\n").first { $0.contains("\"") }.map { String($0.prefix { $0 == " " }) } ?? "    "
            var lines = String(body)
            while lines.hasSuffix(" ") || lines.hasSuffix("\n") { lines.removeLast() }
            if !lines.hasSuffix(",") { lines += "," }
            newList = "[" + lines + "\n" + indent + "\"\(name)\",\n]"
        } else {
            newList = String(list.dropLast()) + ", \"\(name)\"]"
        }
        var updated = text
        updated.replaceSubrange(range, with: newList)

        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let placeholder = folder.appendingPathComponent("Chapter.swift")
        if !FileManager.default.fileExists(atPath: placeholder.path) {
            try AtomicFile.write(Data("""
                // The code of this chapter is generated from chapters/\(fileName) by Plugins/ChapterPlugin.
                // SwiftPM needs one source file in the folder; edit the Markdown, not this file.

                """.utf8), to: placeholder)
        }
        try AtomicFile.write(Data(template(name: name, title: shownTitle).utf8), to: markdown)
        try AtomicFile.write(Data(updated.utf8), to: manifest)
        return "chapters/\(fileName)"
    }

    /// The first text of a new chapter: a title, a paragraph, one snippet and its output.
    static func template(name: String, title: String) -> String {
        """
        # \(title)

        What this chapter is about, in a sentence or two. Every ```` ```swift ```` block below runs,
        in order, as one program (`swift run \(name)`), and the ```` ```output ```` block after it is
        what it must print (`swift run workbook verify \(name)`; `bless` rewrites it from a real run).

        ```swift
        let chapter = "\(name)"
        print("chapter \\(chapter) runs")
        ```

        ```output
        chapter \(name) runs
        ```

        """
    }
}
