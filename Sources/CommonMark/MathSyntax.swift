import CCmark

/// `$…$` and `$$…$$` as an inline syntax extension of cmark-gfm, so that math is read while the
/// Markdown is parsed, as a node of its own: cmark never sees `$a*b*c$` as emphasis or `\\` as a
/// line break, and code spans and code blocks never contain math, because cmark reads them first.
///
/// Which `$` open and close math follows Pandoc's rule, so prices stay prices: an opening `$` is
/// not followed by whitespace; a closing `$` is not preceded by whitespace and not followed by a
/// digit ("$5 and $6" is text). `\$` is a literal dollar (cmark's own backslash escape). `$$…$$`
/// is display math and may span the lines of its paragraph; neither kind crosses a blank line,
/// since a paragraph cannot.
///
/// cmark lets a table cell hold only its own inline types, so a math node is a cmark code node
/// (its literal is the TeX) whose user data is not a pointer but a tag: bit 0 set (a code span
/// never has user data), bit 1 for display math, then the column and line of the opening dollar
/// (cmark does not give extension inlines a position of their own).
enum MathSyntax {
    static func make() -> OpaquePointer {
        guard let syntax = cmark_syntax_extension_new("workbook-math") else {
            preconditionFailure("cmark-gfm: out of memory")
        }
        let characters = cmark_llist_append(cmark_get_default_mem_allocator(), nil, UnsafeMutableRawPointer(bitPattern: UInt(UInt8(ascii: "$"))))
        cmark_syntax_extension_set_special_inline_chars(syntax, characters)
        cmark_syntax_extension_set_match_inline_func(syntax, { _, _, _, character, inline in
            guard character == UInt8(ascii: "$"), let inline else { return nil }
            return MathSyntax.match(inline)
        })
        return syntax
    }

    /// Reads the math span that starts at the parser's offset, or returns nil (the `$` is text).
    private static func match(_ inline: OpaquePointer) -> OpaquePointer? {
        let open = cmark_inline_parser_get_offset(inline)
        // The inline content is NUL-terminated, and NUL never occurs in it (cmark replaces it).
        func byte(_ at: Int32) -> UInt8 { cmark_inline_parser_peek_at(inline, at) }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        let display = byte(open + 1) == UInt8(ascii: "$")
        let contentStart = open + (display ? 2 : 1)
        guard byte(contentStart) != 0, !isSpace(byte(contentStart)) || display, byte(contentStart) != UInt8(ascii: "$") else {
            return nil
        }
        var i = contentStart
        var close: Int32?
        while byte(i) != 0 {
            let b = byte(i)
            if b == UInt8(ascii: "\\") {
                i += byte(i + 1) == 0 ? 1 : 2
                continue
            }
            if b == UInt8(ascii: "$") {
                if display {
                    if byte(i + 1) == UInt8(ascii: "$") { close = i; break }
                } else if !isSpace(byte(i - 1)), !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte(i + 1)) {
                    close = i
                    break
                }
            }
            i += 1
        }
        guard let close else { return nil }
        var tex: [UInt8] = []
        for k in contentStart..<close { tex.append(byte(k)) }
        let line = cmark_inline_parser_get_line(inline)
        let column = cmark_inline_parser_get_column(inline)
        guard let node = cmark_node_new_with_mem(CMARK_NODE_CODE, cmark_get_default_mem_allocator()) else {
            preconditionFailure("cmark-gfm: out of memory")
        }
        cmark_node_set_literal(node, String(decoding: tex, as: UTF8.self))
        let tag = 1 | (display ? 2 : 0) | (UInt(min(max(column, 0), 0xFFFFF)) << 2) | (UInt(max(line, 0)) << 22)
        cmark_node_set_user_data(node, UnsafeMutableRawPointer(bitPattern: tag))
        cmark_inline_parser_set_offset(inline, close + (display ? 2 : 1))
        return node
    }

    static func isMath(_ pointer: OpaquePointer) -> Bool {
        guard let data = cmark_node_get_user_data(pointer) else { return false }
        return UInt(bitPattern: data) & 1 == 1
    }

    static func decode(_ pointer: OpaquePointer) -> (tex: String, math: Node.Math, start: SourcePosition) {
        let tex = cmark_node_get_literal(pointer).map { String(cString: $0) } ?? ""
        let tag = cmark_node_get_user_data(pointer).map { UInt(bitPattern: $0) } ?? 0
        let position = SourcePosition(line: Int(tag >> 22), column: Int((tag >> 2) & 0xFFFFF))
        return (tex, Node.Math(display: tag & 2 != 0), position)
    }
}
