import ArgumentParser
import Foundation
import WorkbookCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Add a chapter: its Markdown file, its folder and its entry in Package.swift.",
        discussion: "The chapter is numbered after the last one and runs at once with `swift run NAME`; `swift test` verifies it."
    )

    @Argument(help: "The chapter's executable name: lowercase letters, digits and '-' (gru, char-lstm).")
    var name: String

    @Option(help: "The chapter's title (default: from the name).")
    var title: String?

    func run() throws {
        let workbook = try Workbook.find()
        let path: String
        do {
            path = try ChapterScaffold.create(name, title: title, in: workbook)
        } catch let error as WorkbookError {
            throw ValidationError(error.description)
        }
        print("""
            wrote \(path), Sources/Chapters/\(name)/Chapter.swift and "\(name)" in Package.swift's chapters list
            next: swift run \(name)                  # run it
                  swift run workbook verify \(name)  # check its outputs
                  swift run workbook serve           # preview it, re-verified as you edit
            """)
    }
}
