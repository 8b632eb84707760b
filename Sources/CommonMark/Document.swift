import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed CommonMark document: the source text and a snapshot of cmark's syntax tree.
///
/// This file is the only place in the workbook that holds cmark pointers. Every pointer is
/// created and freed inside one function call (`defer`), and no public signature mentions one.
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
            return Document.snapshot(tree, lines: lines, counter: &counter)
        }
    }

    /// Renders the document to HTML with cmark's renderer.
    ///
    /// `replacing` is asked about every node in document order; when it returns a string, that
    /// string is emitted verbatim instead of the node and its subtree (for highlighted code,
    /// numbered headings, math…). Raw HTML written by the author is never passed through: it is
    /// shown as escaped text, so a chapter cannot inject markup or scripts into the site.
    public func renderHTML(replacing: (Node) -> String? = { _ in nil }) -> String {
        let byIndex = Dictionary(uniqueKeysWithValues: root.preorder().map { ($0.index, $0) })
        return Document.withTree(source, options: options) { tree in
            var counter = 0
            var replacements: [(OpaquePointer, String, Bool)] = []
            func visit(_ pointer: OpaquePointer) {
                let index = counter
                counter += 1
                guard let node = byIndex[index] else { preconditionFailure("cmark: a second parse differs from the first") }
                var replacement = replacing(node)
                if replacement == nil, node.kind == .htmlBlock || node.kind == .htmlInline {
                    let escaped = escapeHTML(node.literal ?? "")
                    replacement = node.kind == .htmlBlock ? "<pre class=\"raw-html\">\(escaped)</pre>\n" : escaped
                }
                if let replacement {
                    replacements.append((pointer, replacement, node.kind.isBlock))
                    // The subtree is replaced as a whole; still count its nodes so indices stay aligned.
                    counter += node.preorder().count - 1
                    return
                }
                var child = cmark_node_first_child(pointer)
                while let current = child {
                    visit(current)
                    child = cmark_node_next(current)
                }
            }
            visit(tree)
            for (old, html, isBlock) in replacements {
                guard let new = cmark_node_new(isBlock ? CMARK_NODE_HTML_BLOCK : CMARK_NODE_HTML_INLINE) else {
                    preconditionFailure("cmark: out of memory")
                }
                cmark_node_set_literal(new, html)
                if old == tree {
                    // Replacing the whole document: render the string alone.
                    cmark_node_free(new)
                    return html
                }
                cmark_node_replace(old, new)
                cmark_node_free(old)
            }
            // UNSAFE lets our own replacement HTML through; the author's raw HTML was escaped above.
            guard let rendered = cmark_render_html(tree, CMARK_OPT_UNSAFE) else { return "" }
            defer { free(rendered) }
            return String(cString: rendered)
        }
    }

    // MARK: - The C border

    private static func withTree<Result>(_ source: String, options: Options, _ body: (OpaquePointer) -> Result) -> Result {
        var bytes = Array(source.utf8)
        let length = bytes.count
        guard let tree = bytes.withUnsafeMutableBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(length, 1)) {
                cmark_parse_document($0, length, options.rawValue | CMARK_OPT_VALIDATE_UTF8)
            }
        }) else {
            preconditionFailure("cmark: out of memory while parsing")
        }
        defer { cmark_node_free(tree) }
        return body(tree)
    }

    private static func snapshot(_ pointer: OpaquePointer, lines: SourceLines, counter: inout Int) -> Node {
        let kind = NodeKind(cmark_node_get_type(pointer))
        let index = counter
        counter += 1
        let start = SourcePosition(line: Int(cmark_node_get_start_line(pointer)), column: Int(cmark_node_get_start_column(pointer)))
        let end = SourcePosition(line: Int(cmark_node_get_end_line(pointer)), column: Int(cmark_node_get_end_column(pointer)))
        var children: [Node] = []
        var child = cmark_node_first_child(pointer)
        while let current = child {
            children.append(snapshot(current, lines: lines, counter: &counter))
            child = cmark_node_next(current)
        }
        let hasLiteral: Set<NodeKind> = [.text, .code, .codeBlock, .htmlBlock, .htmlInline]
        return Node(
            kind: kind,
            index: index,
            literal: hasLiteral.contains(kind) ? cmark_node_get_literal(pointer).map { String(cString: $0) } : nil,
            fenceInfo: kind == .codeBlock ? cmark_node_get_fence_info(pointer).map { String(cString: $0) } : nil,
            isFenced: kind == .codeBlock && lines.startsFence(at: start),
            headingLevel: kind == .heading ? Int(cmark_node_get_heading_level(pointer)) : nil,
            url: kind == .link || kind == .image ? cmark_node_get_url(pointer).map { String(cString: $0) } : nil,
            title: kind == .link || kind == .image ? cmark_node_get_title(pointer).map { String(cString: $0) } : nil,
            start: start,
            end: end,
            children: children
        )
    }
}

extension NodeKind {
    init(_ type: cmark_node_type) {
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
        case CMARK_NODE_CODE: self = .code
        case CMARK_NODE_HTML_INLINE: self = .htmlInline
        case CMARK_NODE_CUSTOM_INLINE: self = .customInline
        case CMARK_NODE_EMPH: self = .emphasis
        case CMARK_NODE_STRONG: self = .strong
        case CMARK_NODE_LINK: self = .link
        case CMARK_NODE_IMAGE: self = .image
        default: preconditionFailure("cmark: unknown node type \(type.rawValue)")
        }
    }
}
