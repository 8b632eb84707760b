import Foundation
import WorkbookProtocol

/// What a chapter's run depends on, hashed: a run is reused only while every input is the same.
///
/// The inputs are
/// - the chapter's program (``Chapter/program(prelude:lineNumbers:)`` without line numbers, so
///   that moving the snippets by a prose edit changes nothing; the prelude is in it);
/// - the sources of everything the chapter executable is built from: every file under
///   `Sources/` and `Plugins/` except the targets no chapter links (``ignoredSourceFolders``),
///   plus `Package.swift` and `Package.resolved` (compiler flags, versions);
/// - the data chapters read (`chapters/data/`);
/// - the toolchain (`swift --version`), the build configuration and the environment variables
///   that change how the package is built (`SEQKIT_PORTABLE`, `SEQKIT_DEPENDENT_BUILD`).
///
/// Folders are listed, not assumed: a new library target is an input as soon as it exists.
public struct RunFingerprint: Sendable, Hashable, Codable {
    /// Hash of the program without line numbers: equal for a prose-only edit.
    public var program: String
    /// Hash of the program with its line numbers, for the runs that depend on them.
    public var programWithLines: String
    /// Hash of the libraries, the toolchain, the data and the settings.
    public var environment: String

    /// Top-level folders of `Sources/` that no chapter executable is built from. Anything else
    /// counts, so a mistake here can only cost a re-run, never a stale result.
    public static let ignoredSourceFolders: Set<String> = ["workbook", "WorkbookSite", "WorkbookServer", "seqkit-bench", "seqkit-example", "Chapters"]

    /// Incremented whenever what is hashed, or how, changes.
    public static let formatVersion = 1

    public init(program: String, programWithLines: String, environment: String) {
        self.program = program
        self.programWithLines = programWithLines
        self.environment = environment
    }

    /// The fingerprint of `chapter`'s run, given the environment's hash (``environmentHash(root:toolchain:)``).
    public init(chapter: Chapter, prelude: Prelude?, environment: String) {
        program = Self.hex(Array(chapter.program(prelude: prelude, lineNumbers: false).utf8))
        programWithLines = Self.hex(Array(chapter.program(prelude: prelude).utf8))
        self.environment = environment
    }

    /// 128 bits of hash, in hex: two independent 64-bit multiply–xorshift lanes over the bytes
    /// in 8-byte words, then the length. Not a cryptographic hash (nothing here is an
    /// adversary's), but any edit changes it; and fast in a debug build, where the tool runs.
    static func hex(_ bytes: [UInt8]) -> String {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15, b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        bytes.withUnsafeBytes { raw in
            let count = raw.count
            var offset = 0
            while offset + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                a = (a ^ word) &* 0x100_0000_01B3 &+ 0x632B_E59B_D9B4_E019
                a ^= a >> 29
                b = (b &+ word) &* 0xFF51_AFD7_ED55_8CCD
                b ^= b >> 32
                offset += 8
            }
            var tail: UInt64 = 0
            for index in offset..<count { tail |= UInt64(raw[index]) << (8 * UInt64(index - offset)) }
            a = (a ^ tail ^ UInt64(count)) &* 0x100_0000_01B3
            b = (b &+ tail &+ UInt64(count) &* 0x9E37_79B9) &* 0xC4CE_B9FE_1A85_EC53
        }
        func finish(_ x: UInt64) -> UInt64 {
            var x = x
            x ^= x >> 33; x = x &* 0xFF51_AFD7_ED55_8CCD; x ^= x >> 33; x = x &* 0xC4CE_B9FE_1A85_EC53; x ^= x >> 33
            return x
        }
        return hexString(finish(a)) + hexString(finish(b))
    }

    /// The hash of every input but the program, read from the workbook at `root`.
    public static func environmentHash(root: URL, toolchain: String) throws -> String {
        var parts: [UInt8] = Array("format \(formatVersion)\0toolchain \(toolchain)\0configuration debug\0".utf8)
        for name in ["SEQKIT_PORTABLE", "SEQKIT_DEPENDENT_BUILD"] {
            parts += Array("\(name)=\(ProcessInfo.processInfo.environment[name] ?? "<unset>")\0".utf8)
        }
        for (path, hash) in try inputFiles(root: root) {
            parts += Array("\(path)\0\(hash)\0".utf8)
        }
        return hex(parts)
    }

    /// The files and folders (relative to the root) whose contents are inputs: what a preview
    /// watches. `chapters/data` is among them; the rest of `chapters/` is read as the chapters.
    public static func watchedPaths(root: URL) -> [String] {
        var paths = ["Package.swift", "Package.resolved", "Plugins", "chapters/data"]
        let sources = root.appendingPathComponent("Sources")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []).sorted() where !ignoredSourceFolders.contains(name) {
            paths.append("Sources/" + name)
        }
        return paths
    }

    /// Every input file (path relative to the root, hash of its bytes), sorted by path.
    public static func inputFiles(root: URL) throws -> [(path: String, hash: String)] {
        var files: [(String, String)] = []
        let fileManager = FileManager.default
        for folder in watchedPaths(root: root) {
            let base = root.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: base.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                files.append((folder, hex(Array(try Data(contentsOf: base)))))
                continue
            }
            for relative in try regularFiles(under: base) {
                let data = try Data(contentsOf: base.appendingPathComponent(relative))
                files.append((folder + "/" + relative, hex(Array(data))))
            }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// Paths of the regular files under `folder` (symbolic links followed to their targets).
    static func regularFiles(under folder: URL) throws -> [String] {
        guard let names = FileManager.default.subpaths(atPath: folder.path) else { return [] }
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }
}

/// `swift --version`, remembered for the toolchain binary it came from (its resolved path, size
/// and modification time), so that asking costs nothing while the toolchain stays the same.
public enum Toolchain {
    public static func version(memo: URL?) throws -> String {
        let identity = swiftIdentity()
        if let memo, let identity, let data = try? Data(contentsOf: memo),
           let saved = try? JSONDecoder().decode([String: String].self, from: data),
           saved["identity"] == identity, let version = saved["version"] {
            return version
        }
        let result = try ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["swift", "--version"], timeout: 60)
        guard result.termination.isSuccess else { throw WorkbookError("`swift --version` failed: \(result.stderr)") }
        let version = (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        if let memo, let identity, let data = try? JSONEncoder().encode(["identity": identity, "version": version]) {
            try? FileManager.default.createDirectory(at: memo.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? AtomicFile.write(data, to: memo)
        }
        return version
    }

    /// The resolved `swift` of PATH, with its size and modification time; nil if not found.
    static func swiftIdentity() -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            let resolved = candidate.resolvingSymlinksInPath()
            var parts = [resolved.path]
            // The driver and the frontend beside it (a new toolchain in the same place changes them).
            for file in [resolved, resolved.deletingLastPathComponent().appendingPathComponent("swift-frontend")] {
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.resolvingSymlinksInPath().path) else { continue }
                let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
                let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(file.lastPathComponent) \(size) \(modified)")
            }
            return parts.joined(separator: "; ")
        }
        return nil
    }
}
