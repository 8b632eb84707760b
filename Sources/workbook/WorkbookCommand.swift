import ArgumentParser
import WorkbookCore

@main
struct WorkbookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Run, verify and bless the chapters of the sequence-models workbook.",
        version: WorkbookVersion.description,
        subcommands: [BuildCommand.self, VerifyCommand.self, BlessCommand.self, ListCommand.self, ServeCommand.self, NewCommand.self]
    )
}
