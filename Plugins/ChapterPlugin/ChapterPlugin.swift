import Foundation
import PackagePlugin

/// Turns a chapter target into a program: `Sources/Chapters/lstm` is built from
/// `chapters/NN-lstm.md` by the `workbook-extract` tool. All the logic lives in WorkbookCore;
/// this plugin only finds the Markdown file and declares the command.
@main
struct ChapterPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let chaptersDirectory = context.package.directoryURL.appending(path: "chapters")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chaptersDirectory.path)) ?? []
        let matches = names.filter { name in
            guard name.hasSuffix(".md"), let dash = name.firstIndex(of: "-") else { return false }
            let number = name[..<dash]
            let stem = name[name.index(after: dash)...].dropLast(3)
            return !number.isEmpty && number.allSatisfy(\.isNumber) && stem == target.name
        }.sorted()
        guard matches.count == 1, let file = matches.first else {
            throw ChapterPluginError(message: matches.isEmpty
                ? "chapter target '\(target.name)' has no Markdown file chapters/NN-\(target.name).md"
                : "chapter target '\(target.name)' matches several files: \(matches.joined(separator: ", "))")
        }
        let markdown = chaptersDirectory.appending(path: file)
        let program = context.pluginWorkDirectoryURL.appending(path: "main.swift")
        var arguments = [markdown.path, program.path, "--display-path", "chapters/\(file)"]
        var inputs = [markdown]
        // Code every chapter program starts with, if the book has some (chapters/README.md).
        let prelude = chaptersDirectory.appending(path: "prelude.swift")
        if FileManager.default.fileExists(atPath: prelude.path) {
            arguments += ["--prelude", prelude.path, "--prelude-display-path", "chapters/prelude.swift"]
            inputs.append(prelude)
        }
        return [
            .buildCommand(
                displayName: "Extracting \(target.name) from chapters/\(file)",
                executable: try context.tool(named: "workbook-extract").url,
                arguments: arguments,
                inputFiles: inputs,
                outputFiles: [program]
            ),
        ]
    }
}

struct ChapterPluginError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
