import ArgumentParser

@main
struct WorkbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbook",
        abstract: "Run, verify and bless the chapters of the sequence-models workbook.",
        subcommands: [BuildCommand.self, VerifyCommand.self, BlessCommand.self, ListCommand.self]
    )
}
