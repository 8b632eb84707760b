import Foundation

/// Replaces a whole folder at once: the new files are written into a sibling temporary
/// folder, which is then swapped in by two renames. A failure while writing leaves the old
/// folder untouched, and nothing outside the folder and its temporary siblings is written.
public enum AtomicDirectory {
    /// Makes `directory` hold exactly `files` (relative path → bytes).
    public static func replace(_ directory: URL, with files: [String: Data]) throws {
        let fileManager = FileManager.default
        let parent = directory.deletingLastPathComponent()
        let suffix = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let staging = parent.appendingPathComponent("\(directory.lastPathComponent).tmp-\(suffix)")
        let retired = parent.appendingPathComponent("\(directory.lastPathComponent).old-\(suffix)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let components = path.split(separator: "/")
                guard !path.hasPrefix("/"), !components.contains(".."), !components.isEmpty else {
                    throw WorkbookError("refusing to write \(path) outside \(directory.path)")
                }
                let url = staging.appendingPathComponent(path)
                try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        } catch {
            try? fileManager.removeItem(at: staging)
            throw error
        }
        if fileManager.fileExists(atPath: directory.path) {
            try fileManager.moveItem(at: directory, to: retired)
        }
        do {
            try fileManager.moveItem(at: staging, to: directory)
        } catch {
            // Put the old folder back before reporting.
            if fileManager.fileExists(atPath: retired.path) { try? fileManager.moveItem(at: retired, to: directory) }
            try? fileManager.removeItem(at: staging)
            throw error
        }
        try? fileManager.removeItem(at: retired)
    }

    /// Every regular file under `directory`, by path relative to it.
    public static func read(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let base = directory.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(base + "/") else { continue }
            files[String(path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        return files
    }
}
