/// A position in the Markdown source, as cmark reports it: 1-based line, 1-based byte column.
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// The kinds of node in a CommonMark document (the cmark node types, without the C).
public enum NodeKind: String, Hashable, Sendable {
    // Blocks
    case document, blockQuote, list, item, codeBlock, htmlBlock, customBlock
    case paragraph, heading, thematicBreak
    /// GitHub's pipe tables (the cmark-gfm table extension).
    case table, tableRow, tableCell
    // Inlines
    case text, softBreak, lineBreak, code, htmlInline, customInline
    case emphasis, strong, link, image
    /// `$…$` or `$$…$$`: `literal` is the TeX between the dollars, `math` says which.
    case math

    public var isBlock: Bool {
        switch self {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .customBlock,
             .paragraph, .heading, .thematicBreak, .table, .tableRow, .tableCell:
            return true
        default:
            return false
        }
    }
}

/// A snapshot of one cmark node and its subtree, as plain Swift values.
///
/// The C tree is freed as soon as the snapshot is taken, so a `Node` owns no C memory and
/// can be passed around freely. Adjacent pieces of text are one `text` node. Every node has
/// its Markdown position (`start`); math nodes have the position of their opening dollar.
public struct Node: Sendable, Hashable {
    public struct ListInfo: Sendable, Hashable {
        public var ordered: Bool
        /// The number of the first item of an ordered list.
        public var start: Int
        /// A tight list's items hold their text without paragraphs around it.
        public var tight: Bool
    }

    public struct Math: Sendable, Hashable {
        /// `$$…$$` rather than `$…$`.
        public var display: Bool
    }

    public var kind: NodeKind
    /// The node's pre-order number in its document.
    public var index: Int
    /// Text of text, code, code blocks and raw HTML nodes.
    public var literal: String?
    /// The info string of a fenced code block (empty for an indented block).
    public var fenceInfo: String?
    /// Whether a code block was fenced (as opposed to indented).
    public var isFenced: Bool
    public var headingLevel: Int?
    public var url: String?
    public var title: String?
    public var list: ListInfo?
    /// The column alignments of a table.
    public var tableAlignments: [TableAlignment]?
    /// Whether a table row is the header row.
    public var isHeaderRow: Bool = false
    public var math: Math?
    public var start: SourcePosition
    public var end: SourcePosition
    public var children: [Node]

    /// All nodes of the subtree in document order, this node first.
    public func preorder() -> [Node] {
        var result: [Node] = []
        func visit(_ node: Node) {
            result.append(node)
            node.children.forEach(visit)
        }
        visit(self)
        return result
    }

    /// The concatenated text of the inline content (what a reader sees, without markup).
    public var plainText: String {
        switch kind {
        case .text, .code, .math: return literal ?? ""
        case .softBreak, .lineBreak: return " "
        default: return children.map(\.plainText).joined()
        }
    }
}

/// How a table column is aligned (`| :--- | :---: | ---: |`).
public enum TableAlignment: String, Sendable, Hashable {
    case none, left, center, right
}

extension Node {
    /// cmark counts the lines of inline content as it reads its line breaks, so the lines inside a
    /// math span (read by the math extension) are not counted: every inline after a multi-line
    /// span in the same block is reported that many lines too early. This adds them back.
    mutating func repairInlinePositions() {
        if kind == .paragraph || kind == .heading || kind == .tableCell {
            var shift = 0
            Node.shiftInlines(&children, by: &shift)
        } else {
            for i in children.indices { children[i].repairInlinePositions() }
        }
    }

    private static func shiftInlines(_ nodes: inout [Node], by shift: inout Int) {
        for i in nodes.indices {
            if shift > 0, nodes[i].start.line > 0 {
                nodes[i].start.line += shift
                nodes[i].end.line += shift
            }
            if nodes[i].kind == .math {
                shift += (nodes[i].literal ?? "").reduce(0) { $0 + ($1.isNewline ? 1 : 0) }
            }
            shiftInlines(&nodes[i].children, by: &shift)
        }
    }
}
