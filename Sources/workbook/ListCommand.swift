import ArgumentParser
import WorkbookCore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the chapters, their snippets and executables.")

    func run() throws {
        let workbook = try Workbook.find()
        let (chapters, problems) = try workbook.loadChapters()
        var missing: [String] = []
        let rows = chapters.map { chapter in
            // `swift run NAME` is claimed only when SwiftPM can build it.
            let steps = ChapterScaffold.problems(for: chapter.name, in: workbook.root)
            missing += steps.map { "\(chapter.path): cannot run yet: \($0)" }
            let run = steps.isEmpty ? "swift run \(chapter.name)" : "(cannot run: see below)"
            return [chapter.path, run, String(chapter.snippets.count), String(chapter.snippets.filter { $0.expectedOutput != nil }.count), chapter.title]
        }
        let header = ["file", "run it", "snippets", "outputs", "title"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            print(row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        // A malformed chapter is reported, not listed, and does not hide the others.
        problems.forEach { report($0.description) }
        let names = Set(chapters.map(\.name))
        for listed in ChapterScaffold.manifestChapters(root: workbook.root) ?? [] where !names.contains(listed) && !problems.contains(where: { $0.file.hasSuffix("-\(listed).md") }) {
            missing.append("Package.swift: the chapters list names \"\(listed)\", but there is no chapters/NN-\(listed).md; write it or remove the name")
        }
        missing.forEach { report($0) }
        if !problems.isEmpty || !missing.isEmpty { throw ExitCode.failure }
    }
}
