import Foundation
import WorkbookCore

/// Builds chapter executables with the package manager and says where they are.
enum SwiftBuild {
    /// `swift build` for the given products (all of them when empty); the build's own output
    /// goes to stderr so that compiler errors (at `chapters/…md:LINE`) reach the user.
    static func build(products: [String], in workbook: Workbook) throws -> URL {
        for product in products.isEmpty ? [nil] : products.map(Optional.some) {
            var arguments = ["build"]
            if let product { arguments += ["--product", product] }
            try swift(arguments, in: workbook, passOutput: true)
        }
        let path = try swift(["build", "--show-bin-path"], in: workbook, passOutput: false)
        return URL(fileURLWithPath: path.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @discardableResult
    static func swift(_ arguments: [String], in workbook: Workbook, passOutput: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.currentDirectoryURL = workbook.root
        let pipe = Pipe()
        process.standardOutput = passOutput ? FileHandle.standardError : pipe
        process.standardError = FileHandle.standardError
        try process.run()
        let data = passOutput ? Data() : pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw WorkbookError("`swift \(arguments.joined(separator: " "))` failed (exit status \(process.terminationStatus)); see the errors above")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
