import CommonMark
import Foundation

extension Chapter {
    /// Attributes allowed on each kind of block the workbook reads.
    static let swiftAttributes = ["setup", "traps", "solution"]
    static let outputAttributes = ["tolerance"]

    /// Reads a chapter from its Markdown source.
    ///
    /// Snippets and their outputs are found in cmark's syntax tree, so fences of any length,
    /// tildes, and blocks inside lists or quotes all work; indented code is prose, not a snippet.
    /// - Throws: ``Diagnostics`` listing every problem found, each at its Markdown line.
    ///
    /// `columns` is the book's column budget (see ``ColumnBudget``), kept for the verifier.
    public init(source: String, path: String, name: String? = nil, columns: Int? = nil) throws(Diagnostics) {
        let document = Document(parsing: source, options: [.smartPunctuation])
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        self.path = path
        self.name = name ?? Chapter.executableName(forFile: fileName) ?? fileName
        self.document = document
        self.title = document.root.children.first { $0.kind == .heading && $0.headingLevel == 1 }?.plainText ?? self.name
        self.columns = columns
        let lines = SourceLines(source)

        var problems: [Diagnostic] = []
        var snippets: [Snippet] = []
        var displayed: [DisplayedBlock] = []
        func display(_ node: Node, language: String) {
            guard language != "math" else { return }
            displayed.append(DisplayedBlock(language: language, text: node.literal ?? "",
                                            firstLine: node.start.line + (node.isFenced ? 1 : 0),
                                            indents: Chapter.indents(node, lines: lines, fenced: node.isFenced)))
        }
        func report(_ line: Int, _ message: String, column: Int = 1, kind: Diagnostic.Kind = .parse) {
            problems.append(Diagnostic(kind: kind, file: path, line: line, column: column, message: message))
        }

        // Walk every container; a snippet's output block must be its next sibling.
        func visit(_ container: Node) {
            var previousSnippet: Int? = nil  // index into `snippets` of a swift block just seen
            for node in container.children {
                guard node.kind == .codeBlock, node.isFenced else {
                    previousSnippet = nil
                    if node.kind == .codeBlock { display(node, language: "") }
                    visit(node)
                    continue
                }
                let info: InfoString
                do {
                    info = try InfoString(parsing: node.fenceInfo ?? "")
                } catch let failure {
                    if ["swift", "output"].contains(Chapter.language(of: node)) {
                        report(node.start.line, "malformed info string: \(failure.message)")
                    } else {
                        display(node, language: Chapter.language(of: node))
                    }
                    previousSnippet = nil
                    continue
                }
                switch info.language {
                case "swift":
                    for attribute in info.attributes where !Chapter.swiftAttributes.contains(attribute.name) {
                        report(node.start.line, "unknown attribute '\(attribute.name)' on a swift block (known: \(Chapter.swiftAttributes.joined(separator: ", ")))")
                    }
                    if let setup = info.attribute("setup"), setup.value != nil {
                        report(node.start.line, "attribute 'setup' takes no value")
                    }
                    if let solution = info.attribute("solution"), solution.value != nil {
                        report(node.start.line, "attribute 'solution' takes no value")
                    }
                    let code = node.literal ?? ""
                    let isSetup = info.attribute("setup") != nil
                    let isSolution = info.attribute("solution") != nil
                    if isSetup, isSolution {
                        report(node.start.line, "a solution is shown to readers, so it cannot also be 'setup'; put hidden lines between `// snippet.hide` and `// snippet.show` instead")
                    }
                    var snippet = Snippet(
                        index: snippets.count + 1,
                        fenceLine: node.start.line,
                        code: code,
                        visibleCode: isSetup ? "" : Chapter.visibleCode(code),
                        isSetup: isSetup,
                        expectedTrap: info.attribute("traps").map { $0.value ?? "" },
                        expectedOutput: nil,
                        isSolution: isSolution
                    )
                    snippet.closingLine = Chapter.closingFenceLine(node, lines: lines)
                    snippet.codeIndents = Chapter.indents(node, lines: lines)
                    snippets.append(snippet)
                    previousSnippet = snippets.count - 1
                case "output":
                    for attribute in info.attributes where !Chapter.outputAttributes.contains(attribute.name) {
                        report(node.start.line, "unknown attribute '\(attribute.name)' on an output block (known: \(Chapter.outputAttributes.joined(separator: ", ")))")
                    }
                    var tolerance: Double? = nil
                    if let attribute = info.attribute("tolerance") {
                        if let text = attribute.value, let value = Double(text), value.isFinite, value > 0 {
                            tolerance = value
                        } else {
                            report(node.start.line, "tolerance must be a positive number, like tolerance=1e-4; found '\(attribute.value ?? "")'")
                        }
                    }
                    guard let owner = previousSnippet else {
                        report(node.start.line, "output block has no swift snippet right before it")
                        continue
                    }
                    snippets[owner].expectedOutput = ExpectedOutput(
                        text: node.literal ?? "",
                        fenceLine: node.start.line,
                        endLine: node.end.line,
                        tolerance: tolerance,
                        isClosed: Chapter.closingFenceLine(node, lines: lines) != nil
                    )
                    previousSnippet = nil
                default:
                    display(node, language: info.language)
                    previousSnippet = nil
                }
            }
        }
        visit(document.root)

        for snippet in snippets where snippet.expectedTrap != nil && snippet.index != snippets.count {
            report(snippet.fenceLine, "only the last snippet of a chapter can be marked 'traps': the trap ends the program, so the snippets after it would never run")
        }
        if let firstSolution = snippets.first(where: \.isSolution) {
            for snippet in snippets where !snippet.isSolution && snippet.index > firstSolution.index {
                report(snippet.fenceLine, "a regular snippet cannot follow a solution (the solution at line \(firstSolution.fenceLine)): `swift run` stops before the first solution, so this snippet would not run; move the exercises and their solutions to the end of the chapter")
            }
        }
        guard problems.isEmpty else { throw Diagnostics(problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        self.snippets = snippets
        self.displayedBlocks = displayed
    }

    /// The line of a fenced block's closing fence, or nil when its container (or the file)
    /// closed it. cmark ends a fenced block at its closing fence, so the block is closed exactly
    /// when its content lines stop one line before its last line, and that line is a fence.
    static func closingFenceLine(_ node: Node, lines: SourceLines) -> Int? {
        let literal = node.literal ?? ""
        let contentLines = literal.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        let end = node.end.line
        guard end - node.start.line - 1 == contentLines, end >= 1, end <= lines.count,
              let fence = Fence(opening: lines.lines[node.start.line - 1]), fence.isClosed(by: lines.lines[end - 1])
        else { return nil }
        return end
    }

    /// For each content line of a code block, the bytes before its content on the Markdown line:
    /// the Markdown line minus the code line, when the line ends with the code as written.
    static func indents(_ node: Node, lines: SourceLines, fenced: Bool = true) -> [Int] {
        var code = (node.literal ?? "").utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if code.last?.isEmpty == true { code.removeLast() }
        return code.enumerated().map { offset, codeLine in
            let number = node.start.line + (fenced ? 1 : 0) + offset
            guard number <= lines.count, !codeLine.isEmpty else { return 0 }
            let markdown = lines.lines[number - 1]
            return markdown.count > codeLine.count && markdown.suffix(codeLine.count).elementsEqual(codeLine) ? markdown.count - codeLine.count : 0
        }
    }

    /// The first word of a code block's info string.
    static func language(of node: Node) -> String {
        let info = node.fenceInfo ?? ""
        return String(info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
    }

    /// Removes `// snippet.hide` … `// snippet.show` regions (markers included). A hide with no
    /// show hides the rest of the snippet.
    static func visibleCode(_ code: String) -> String {
        var hidden = false
        var kept: [Substring] = []
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            switch line.trimmingCharacters(in: .whitespaces) {
            case "// snippet.hide": hidden = true
            case "// snippet.show": hidden = false
            default: if !hidden { kept.append(line) }
            }
        }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }
}
