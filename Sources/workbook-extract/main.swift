import Foundation
import WorkbookCore

// workbook-extract CHAPTER.md OUTPUT.swift [--display-path chapters/NN-name.md]
// Run by the chapter build plugin; prints diagnostics in compiler format and fails the build
// when the chapter is malformed.
let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 || (arguments.count == 4 && arguments[2] == "--display-path") else {
    FileHandle.standardError.write(Data("usage: workbook-extract CHAPTER.md OUTPUT.swift [--display-path PATH]\n".utf8))
    exit(2)
}
do {
    try Extraction.run(markdown: arguments[0], output: arguments[1], displayPath: arguments.count == 4 ? arguments[3] : arguments[0])
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}
