import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed CommonMark document: the source text and a snapshot of cmark-gfm's syntax tree.
///
/// The document is parsed once, with GitHub's table extension and the workbook's math
/// extension (`MathSyntax.swift`) attached, so tables and `$…$` math are nodes of the tree
/// like any other, with their Markdown positions.
///
/// This file and `MathSyntax.swift` are the only places in the workbook that hold cmark pointers.
/// Every pointer is created and freed inside one function call (`defer`), and no public signature
/// mentions one.
public struct Document: Sendable {
    /// Parser options. Smart punctuation must be chosen here: cmark applies it while parsing,
    /// and the same flag passed to a renderer has no effect.
    public struct Options: OptionSet, Sendable, Hashable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Straight quotes to curly ones, `--` to en dash, `---` to em dash, `...` to ellipsis.
        public static let smartPunctuation = Options(rawValue: CMARK_OPT_SMART)
    }

    public let source: String
    public let options: Options
    public let root: Node

    public init(parsing source: String, options: Options = []) {
        self.source = source
        self.options = options
        let lines = SourceLines(source)
        root = Document.withTree(source, options: options) { tree in
            var counter = 0
            var node = Document.snapshot(tree, lines: lines, counter: &counter)
            node.repairInlinePositions()
            return node
        }
    }

    // MARK: - The C border

    private static func withTree<Result>(_ source: String, options: Options, _ body: (OpaquePointer) -> Result) -> Result {
        let extensions = SyntaxExtensions.shared
        guard let parser = cmark_parser_new(options.rawValue | CMARK_OPT_VALIDATE_UTF8) else {
            preconditionFailure("cmark: out of memory while parsing")
        }
        defer { cmark_parser_free(parser) }
        for syntax in [extensions.table, extensions.math] {
            cmark_parser_attach_syntax_extension(parser, syntax)
        }
        var bytes = Array(source.utf8)
        let length = bytes.count
        bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(length, 1)) {
                cmark_parser_feed(parser, $0, length)
            }
        }
        guard let tree = cmark_parser_finish(parser) else { preconditionFailure("cmark: out of memory while parsing") }
        defer { cmark_node_free(tree) }
        return body(tree)
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func snapshot(_ pointer: OpaquePointer, lines: SourceLines, counter: inout Int) -> Node {
        let kind = NodeKind(pointer)
        let index = counter
        counter += 1
        var start = SourcePosition(line: Int(cmark_node_get_start_line(pointer)), column: Int(cmark_node_get_start_column(pointer)))
        var end = SourcePosition(line: Int(cmark_node_get_end_line(pointer)), column: Int(cmark_node_get_end_column(pointer)))
        var children: [Node] = []
        var child = cmark_node_first_child(pointer)
        while let current = child {
            let node = snapshot(current, lines: lines, counter: &counter)
            // cmark splits text at every character that might start markup ("forget" "-" "gate");
            // one run of text is one node here, at the position of its first piece.
            if node.kind == .text, let last = children.last, last.kind == .text {
                children[children.count - 1].literal = (last.literal ?? "") + (node.literal ?? "")
                children[children.count - 1].end = node.end
            } else {
                children.append(node)
            }
            child = cmark_node_next(current)
        }
        var literal: String?
        var math: Node.Math?
        switch kind {
        case .text, .code, .codeBlock, .htmlBlock, .htmlInline:
            literal = string(cmark_node_get_literal(pointer))
        case .math:
            let parsed = MathSyntax.decode(pointer)
            literal = parsed.tex
            math = parsed.math
            start = parsed.start
            end = parsed.start
        default:
            break
        }
        var alignments: [TableAlignment]?
        if kind == .table {
            let columns = Int(cmark_gfm_extensions_get_table_columns(pointer))
            let raw = cmark_gfm_extensions_get_table_alignments(pointer)
            alignments = (0..<columns).map { column in
                switch raw?[column] {
                case UInt8(ascii: "l"): return .left
                case UInt8(ascii: "c"): return .center
                case UInt8(ascii: "r"): return .right
                default: return .none
                }
            }
        }
        let isList = kind == .list
        return Node(
            kind: kind,
            index: index,
            literal: literal,
            fenceInfo: kind == .codeBlock ? string(cmark_node_get_fence_info(pointer)) : nil,
            isFenced: kind == .codeBlock && lines.startsFence(at: start),
            headingLevel: kind == .heading ? Int(cmark_node_get_heading_level(pointer)) : nil,
            url: kind == .link || kind == .image ? string(cmark_node_get_url(pointer)) : nil,
            title: kind == .link || kind == .image ? string(cmark_node_get_title(pointer)) : nil,
            list: isList ? Node.ListInfo(
                ordered: cmark_node_get_list_type(pointer) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(pointer)),
                tight: cmark_node_get_list_tight(pointer) != 0) : nil,
            tableAlignments: alignments,
            isHeaderRow: kind == .tableRow && cmark_gfm_extensions_get_table_row_is_header(pointer) != 0,
            math: math,
            start: start,
            end: end,
            children: children
        )
    }
}

/// The syntax extensions every parse attaches, created once and never freed (cmark keeps a
/// registry of them for the life of the process anyway).
struct SyntaxExtensions: @unchecked Sendable {
    let table: OpaquePointer
    let math: OpaquePointer

    static let shared: SyntaxExtensions = {
        cmark_gfm_core_extensions_ensure_registered()
        guard let table = cmark_find_syntax_extension("table") else {
            preconditionFailure("cmark-gfm: the table extension is missing")
        }
        return SyntaxExtensions(table: table, math: MathSyntax.make())
    }()
}

extension NodeKind {
    init(_ pointer: OpaquePointer) {
        let type = cmark_node_get_type(pointer)
        switch type {
        case CMARK_NODE_DOCUMENT: self = .document
        case CMARK_NODE_BLOCK_QUOTE: self = .blockQuote
        case CMARK_NODE_LIST: self = .list
        case CMARK_NODE_ITEM: self = .item
        case CMARK_NODE_CODE_BLOCK: self = .codeBlock
        case CMARK_NODE_HTML_BLOCK: self = .htmlBlock
        case CMARK_NODE_CUSTOM_BLOCK: self = .customBlock
        case CMARK_NODE_PARAGRAPH: self = .paragraph
        case CMARK_NODE_HEADING: self = .heading
        case CMARK_NODE_THEMATIC_BREAK: self = .thematicBreak
        case CMARK_NODE_TEXT: self = .text
        case CMARK_NODE_SOFTBREAK: self = .softBreak
        case CMARK_NODE_LINEBREAK: self = .lineBreak
        case CMARK_NODE_CODE: self = MathSyntax.isMath(pointer) ? .math : .code
        case CMARK_NODE_HTML_INLINE: self = .htmlInline
        case CMARK_NODE_EMPH: self = .emphasis
        case CMARK_NODE_STRONG: self = .strong
        case CMARK_NODE_LINK: self = .link
        case CMARK_NODE_IMAGE: self = .image
        case CMARK_NODE_CUSTOM_INLINE: self = .customInline
        default:
            // Extension nodes (the table's) have types assigned at run time: go by name.
            switch cmark_node_get_type_string(pointer).map({ String(cString: $0) }) {
            case "table": self = .table
            case "table_header", "table_row": self = .tableRow
            case "table_cell": self = .tableCell
            case let name: preconditionFailure("cmark: unknown node type \(name ?? "?") (\(type.rawValue))")
            }
        }
    }
}
