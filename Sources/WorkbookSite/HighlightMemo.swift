import Foundation
import WorkbookCore

/// The highlighter's results, remembered by code: parsing every snippet with swift-syntax is
/// most of a site build's time in a debug build, and the same snippets come back on every page
/// that shows them (chapter and print view) and on every rebuild of the preview.
///
/// ``load(from:)`` and ``save()`` keep the memo between runs of the tool, in a file that names
/// the executable it was made by (path, size, modification time): a rebuilt tool, whose
/// highlighter may have changed, starts afresh. The results are the same either way.
public final class HighlightMemo: @unchecked Sendable {
    public static let shared = HighlightMemo()

    private let lock = NSLock()
    private var memo: [String: [(className: String?, text: String)]] = [:]
    private var file: URL?
    private var changed = false

    struct Stored: Codable {
        var tool: String
        var entries: [String: [[String]]]
    }

    func tokens(_ code: String, compute: (String) -> [(className: String?, text: String)]) -> [(className: String?, text: String)] {
        if let known = lock.withLock({ memo[code] }) { return known }
        let result = compute(code)
        lock.withLock {
            memo[code] = result
            changed = true
        }
        return result
    }

    /// The running tool's identity.
    static var tool: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let path = FileManager.default.fileExists(atPath: executable.path) && !executable.path.hasPrefix("/proc")
            ? executable.path : (Bundle.main.executableURL?.path ?? CommandLine.arguments[0])
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path) \(size) \(modified)"
    }

    /// Reads the memo kept in `url` if the running tool made it; from now on ``save()`` writes there.
    public func load(from url: URL) {
        lock.withLock { file = url }
        guard let data = try? Data(contentsOf: url), let stored = try? JSONDecoder().decode(Stored.self, from: data),
              stored.tool == Self.tool else { return }
        lock.withLock {
            for (code, runs) in stored.entries where memo[code] == nil {
                memo[code] = runs.map { run in (run.count > 1 ? run[0] : nil, run.last ?? "") }
            }
        }
    }

    /// Writes the memo (atomically) to the file of ``load(from:)``, if anything was added.
    public func save() {
        let (url, entries, dirty): (URL?, [String: [(className: String?, text: String)]], Bool) = lock.withLock { (file, memo, changed) }
        guard let url, dirty else { return }
        let stored = Stored(tool: Self.tool, entries: entries.mapValues { runs in runs.map { run in run.className.map { [$0, run.text] } ?? [run.text] } })
        guard let data = try? JSONEncoder().encode(stored) else { return }
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if (try? AtomicFile.write(data, to: url)) != nil { lock.withLock { changed = false } }
    }
}
