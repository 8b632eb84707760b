import ArgumentParser
import WorkbookCore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the chapters, their snippets and executables.")

    func run() throws {
        let (chapters, problems) = try Workbook.find().loadChapters()
        let rows = chapters.map { chapter in
            [chapter.path, chapter.name, String(chapter.snippets.count), String(chapter.snippets.filter { $0.expectedOutput != nil }.count), chapter.title]
        }
        let header = ["file", "run with `swift run …`", "snippets", "outputs", "title"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            print(row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  "))
        }
        // A malformed chapter is reported, not listed, and does not hide the others.
        problems.forEach { report($0.description) }
        if !problems.isEmpty { throw ExitCode.failure }
    }
}
