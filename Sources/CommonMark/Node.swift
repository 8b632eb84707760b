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
    // Inlines
    case text, softBreak, lineBreak, code, htmlInline, customInline
    case emphasis, strong, link, image

    public var isBlock: Bool {
        switch self {
        case .document, .blockQuote, .list, .item, .codeBlock, .htmlBlock, .customBlock,
             .paragraph, .heading, .thematicBreak:
            return true
        default:
            return false
        }
    }
}

/// A snapshot of one cmark node and its subtree, as plain Swift values.
///
/// The C tree is freed as soon as the snapshot is taken, so a `Node` owns no C memory and
/// can be passed around freely. `index` is the node's pre-order number in its document; it
/// lets ``Document/renderHTML(replacing:)`` find the same node again in a fresh parse.
public struct Node: Sendable, Hashable {
    public var kind: NodeKind
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
        case .text, .code: return literal ?? ""
        case .softBreak, .lineBreak: return " "
        default: return children.map(\.plainText).joined()
        }
    }
}
