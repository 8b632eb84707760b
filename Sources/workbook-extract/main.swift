import Foundation
import WorkbookCore

// workbook-extract CHAPTER.md OUTPUT.swift [--display-path chapters/NN-name.md]
//                  [--prelude chapters/prelude.swift [--prelude-display-path chapters/prelude.swift]]
// Run by the chapter build plugin; prints diagnostics in compiler format and fails the build
// when the chapter is malformed.
let usage = "usage: workbook-extract CHAPTER.md OUTPUT.swift [--display-path PATH] [--prelude FILE [--prelude-display-path PATH]]\n"
var positional: [String] = []
var options: [String: String] = [:]
var rest = Array(CommandLine.arguments.dropFirst())[...]
while let argument = rest.popFirst() {
    if ["--display-path", "--prelude", "--prelude-display-path"].contains(argument), let value = rest.popFirst() {
        options[argument] = value
    } else if argument.hasPrefix("--") {
        FileHandle.standardError.write(Data(usage.utf8))
        exit(2)
    } else {
        positional.append(argument)
    }
}
guard positional.count == 2 else {
    FileHandle.standardError.write(Data(usage.utf8))
    exit(2)
}
do {
    try Extraction.run(markdown: positional[0], output: positional[1],
                       displayPath: options["--display-path"] ?? positional[0],
                       prelude: options["--prelude"], preludeDisplayPath: options["--prelude-display-path"])
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
