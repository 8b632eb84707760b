import Foundation

/// Builds chapter executables with the package manager and says where they are.
///
/// Only the products asked for are built (`swift build --product NAME`, one after the other):
/// a bare `swift build` would also compile every other product of the package and of its
/// dependencies (swift-argument-parser's documentation tools among them).
public enum SwiftBuild {
    /// What building one product gave.
    public struct ProductBuild: Sendable {
        public var product: String
        public var succeeded: Bool
        /// Everything the build printed (stdout and stderr, interleaved as they came).
        public var output: String
    }

    /// Builds each product in turn; the build's output is passed to `echo` as it arrives (the
    /// CLI writes it to stderr, so that compiler errors at `chapters/…md:LINE` reach the user)
    /// and kept in the result. A product that fails does not stop the others.
    public static func build(products: [String], in root: URL, echo: @escaping @Sendable (Data) -> Void = { _ in }) throws -> [ProductBuild] {
        try products.map { product in
            let (status, output) = try swift(["build", "--product", product], in: root, echo: echo)
            return ProductBuild(product: product, succeeded: status == 0, output: output)
        }
    }

    /// The folder the executables of a debug build are in (asked once per process and root).
    public static func binPath(in root: URL) throws -> URL {
        if let known = binPaths.withLock({ $0[root.path] }) { return known }
        let (status, output) = try swift(["build", "--show-bin-path"], in: root, echo: { _ in })
        guard status == 0 else { throw WorkbookError("`swift build --show-bin-path` failed (exit status \(status)):\n\(output)") }
        let url = URL(fileURLWithPath: output.trimmingCharacters(in: .whitespacesAndNewlines))
        binPaths.withLock { $0[root.path] = url }
        return url
    }

    private static let binPaths = Locked<[String: URL]>([:])

    /// Runs `swift ARGUMENTS` in `root`: its exit status and everything it printed.
    static func swift(_ arguments: [String], in root: URL, echo: @escaping @Sendable (Data) -> Void) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift"] + arguments
        process.currentDirectoryURL = root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var collected = Data()
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            collected.append(chunk)
            echo(chunk)
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: collected, as: UTF8.self))
    }

    /// The compiler's error lines (with the notes under them) that lie in `file`, for a
    /// diagnostic at the chapter; the first error's line and column.
    public static func errors(in output: String, file: String) -> (lines: [String], line: Int, column: Int)? {
        var kept: [String] = []
        var location: (Int, Int)?
        var inError = false
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            if let range = text.range(of: file + ":"), text.contains(": error:") {
                inError = true
                kept.append(text)
                if location == nil {
                    let numbers = text[range.upperBound...].split(separator: ":", maxSplits: 2).prefix(2).map { Int($0) }
                    if let first = numbers.first ?? nil { location = (first, numbers.count > 1 ? numbers[1] ?? 1 : 1) }
                }
            } else if inError, text.hasPrefix(" ") || text.contains(": note:") || text.hasPrefix("  |") {
                kept.append(text)
            } else {
                inError = false
            }
        }
        guard let location else { return nil }
        return (Array(kept.prefix(40)), location.0, location.1)
    }
}

/// A value behind a lock.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
