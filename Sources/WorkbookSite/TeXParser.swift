/// A recursive-descent parser for the TeX math subset the book uses, producing `MathNode`s.
///
/// Grammar, informally: a list is a sequence of atoms, each optionally followed by `_`, `^` and
/// primes; an atom is a character, a `{group}`, a command with its arguments, `\left…\right`, or an
/// environment. A list ends at the end of input, `}`, `&`, `\\`, `\right` or `\end`, and the caller
/// decides whether that terminator is allowed where it stands.
struct TeXParser {
    private let source: [Character]
    private var position = 0
    /// The alphabet set by an enclosing `\mathbf{…}`-like command.
    private var font: MathFont?
    /// How many `\sqrt[` are open: only then does `]` end a list.
    private var bracketDepth = 0

    init(_ tex: String) {
        source = Array(tex)
    }

    /// Parses the whole input as one formula.
    mutating func parseFormula() throws(TeXError) -> MathNode {
        let nodes = try parseList()
        switch peekTerminator() {
        case .end?:
            if nodes.isEmpty { throw TeXError(offset: 0, message: "empty formula") }
            return .row(nodes)
        case let terminator?:
            throw unexpected(terminator)
        case nil:
            preconditionFailure("parseList stops only at a terminator")
        }
    }

    // MARK: Lists and atoms

    private enum Terminator { case end, closeBrace, closeBracket, ampersand, newline, right, endEnvironment }

    /// What an atom is, for the scripts and spacing that follow it.
    private enum AtomKind {
        case ordinary, function, limits
        /// `\max`, `\lim`…: scripts underneath like `\sum`, spacing like `\tanh`.
        case limitsFunction
    }

    private func peekTerminator() -> Terminator? {
        guard position < source.count else { return .end }
        switch source[position] {
        case "}": return .closeBrace
        case "]" where bracketDepth > 0: return .closeBracket
        case "&": return .ampersand
        case "\\":
            if position + 1 < source.count, source[position + 1] == "\\" { return .newline }
            let name = commandName(at: position)
            if name == "right" { return .right }
            if name == "end" { return .endEnvironment }
            return nil
        default: return nil
        }
    }

    private func unexpected(_ terminator: Terminator) -> TeXError {
        switch terminator {
        case .end: TeXError(offset: position, message: "unexpected end of formula")
        case .closeBrace: TeXError(offset: position, message: "unmatched '}'")
        case .closeBracket: TeXError(offset: position, message: "unmatched ']'")
        case .ampersand: TeXError(offset: position, message: "'&' is only allowed inside aligned, cases or matrix environments")
        case .newline: TeXError(offset: position, message: "'\\\\' is only allowed inside aligned, cases or matrix environments")
        case .right: TeXError(offset: position, message: "\\right without a matching \\left")
        case .endEnvironment: TeXError(offset: position, message: "\\end without a matching \\begin")
        }
    }

    private mutating func parseList() throws(TeXError) -> [MathNode] {
        var nodes: [MathNode] = []
        while true {
            skipSpaces()
            if peekTerminator() != nil { return nodes }
            let (atom, kind) = try parseAtom(single: false)
            nodes.append(try parseScripts(base: atom, limits: kind == .limits || kind == .limitsFunction))
            if kind == .function || kind == .limitsFunction, needsSpaceAfterFunction() {
                nodes.append(.space(width: "0.1667em"))
            }
        }
    }

    /// TeX puts a thin space between `\tanh` and its argument unless a delimiter follows.
    private mutating func needsSpaceAfterFunction() -> Bool {
        skipSpaces()
        guard peekTerminator() == nil else { return false }
        let next = source[position]
        if "([|".contains(next) { return false }
        if next == "\\" { return !["left", "{", "langle", "lVert", "lvert", "|"].contains(commandName(at: position)) }
        return true
    }

    private mutating func parseScripts(base: MathNode, limits: Bool) throws(TeXError) -> MathNode {
        var sub: MathNode?, sup: MathNode?, primes = 0
        while true {
            skipSpaces()
            guard position < source.count else { break }
            let start = position
            switch source[position] {
            case "_":
                position += 1
                if sub != nil { throw TeXError(offset: start, message: "double subscript: use braces, as in x_{ab}") }
                sub = try parseArgument(of: "_")
            case "^":
                position += 1
                if sup != nil { throw TeXError(offset: start, message: "double superscript: use braces, as in x^{ab}") }
                sup = try parseArgument(of: "^")
            case "'":
                position += 1
                primes += 1
            default:
                return attach(base: base, sub: sub, sup: sup, primes: primes, limits: limits)
            }
        }
        return attach(base: base, sub: sub, sup: sup, primes: primes, limits: limits)
    }

    private func attach(base: MathNode, sub: MathNode?, sup: MathNode?, primes: Int, limits: Bool) -> MathNode {
        var sup = sup
        // The prime glyph is already raised; as a superscript it would float too high, so a lone
        // prime follows its base (f′) and only joins a real superscript or subscript.
        if primes > 0, sub == nil, sup == nil {
            return .row([base, .op(String(repeating: "′", count: primes), attributes: [("lspace", "0"), ("rspace", "0")])])
        }
        if primes > 0 {
            let prime = MathNode.op(String(repeating: "′", count: primes))
            sup = sup.map { .row([prime, $0]) } ?? prime
        }
        if sub == nil, sup == nil { return base }
        return .scripts(base: base, sub: sub, sup: sup, limits: limits)
    }

    /// One script or command argument: a `{group}`, one character or one command.
    private mutating func parseArgument(of command: String) throws(TeXError) -> MathNode {
        skipSpaces()
        if let terminator = peekTerminator() {
            if terminator == .end || terminator == .closeBrace {
                throw TeXError(offset: position, message: "missing argument for \(command)")
            }
            throw unexpected(terminator)
        }
        if source[position] == "^" || source[position] == "_" {
            throw TeXError(offset: position, message: "missing argument for \(command)")
        }
        return try parseAtom(single: true).node
    }

    private mutating func parseGroup() throws(TeXError) -> MathNode {
        let open = position
        position += 1  // {
        let nodes = try parseList()
        guard peekTerminator() == .closeBrace else {
            if peekTerminator() == .end {
                throw TeXError(offset: open, message: "'{' is never closed")
            }
            throw unexpected(peekTerminator()!)
        }
        position += 1
        return .row(nodes)
    }

    private mutating func parseAtom(single: Bool) throws(TeXError) -> (node: MathNode, kind: AtomKind) {
        let start = position
        let c = source[position]
        if c == "{" { return (try parseGroup(), .ordinary) }
        if c == "\\" { return try parseCommand() }
        position += 1
        if c.isLetter {
            if font == .upright, !single {
                var name = String(c)
                while position < source.count, source[position].isLetter, source[position].isASCII {
                    name.append(source[position])
                    position += 1
                }
                return (.identifier(name, upright: name.count == 1), .ordinary)
            }
            return (.identifier(styled(c), upright: font == .upright), .ordinary)
        }
        if c.isNumber {
            var digits = String(c)
            if !single {
                while position < source.count {
                    let d = source[position]
                    if d.isNumber {
                        digits.append(d)
                    } else if d == ".", position + 1 < source.count, source[position + 1].isNumber {
                        digits.append(d)
                    } else {
                        break
                    }
                    position += 1
                }
            }
            return (.number(font.map { f in digits.map { f.apply(to: $0) }.joined() } ?? digits), .ordinary)
        }
        if c == "~" { return (.space(width: "0.3333em"), .ordinary) }
        if let symbol = TeXSymbols.operatorCharacters[c] {
            if TeXSymbols.fenceCharacters.contains(symbol) {
                return (.op(symbol, attributes: [("stretchy", "false")]), .ordinary)
            }
            return (.op(symbol), .ordinary)
        }
        if c.isASCII {
            throw TeXError(offset: start, message: "unexpected character '\(c)'")
        }
        // Unicode typed directly (α, ≤…): letters are identifiers, the rest operators.
        return c.isLetter ? (.identifier(String(c)), .ordinary) : (.op(String(c)), .ordinary)
    }

    /// `\max` is an operator so that its limits can move (`movablelimits`), but it is spaced like a
    /// function name: no space of its own, a thin space before an argument that is not a delimiter.
    private static let limitFunctionAttributes = [("form", "prefix"), ("movablelimits", "true"), ("lspace", "0"), ("rspace", "0")]

    private func styled(_ c: Character) -> String {
        font?.apply(to: c) ?? String(c)
    }

    // MARK: Commands

    private func commandName(at index: Int) -> String {
        var i = index + 1
        guard i < source.count else { return "" }
        if !source[i].isLetter || !source[i].isASCII { return String(source[i]) }
        var name = ""
        while i < source.count, source[i].isLetter, source[i].isASCII {
            name.append(source[i])
            i += 1
        }
        return name
    }

    private mutating func parseCommand() throws(TeXError) -> (node: MathNode, kind: AtomKind) {
        let start = position
        let name = commandName(at: position)
        if name.isEmpty { throw TeXError(offset: start, message: "a lone '\\' ends the formula") }
        position += 1 + name.count
        let display = "\\" + name

        if let letter = TeXSymbols.greek[name] { return (.identifier(styled(Character(letter))), .ordinary) }
        if let letter = TeXSymbols.upperGreek[name] {
            return (.identifier(styled(Character(letter)), upright: font == nil || font == .upright), .ordinary)
        }
        if let symbol = TeXSymbols.identifiers[name] { return (.identifier(symbol), .ordinary) }
        if let width = TeXSymbols.spaces[name] { return (.space(width: width), .ordinary) }
        if let symbol = TeXSymbols.operators[name] {
            if TeXSymbols.fenceCharacters.contains(symbol) {
                return (.op(symbol, attributes: [("stretchy", "false")]), .ordinary)
            }
            return (.op(symbol), .ordinary)
        }
        if let big = TeXSymbols.largeOperators[name] { return (.op(big.symbol), big.limits ? .limits : .ordinary) }
        if TeXSymbols.functions.contains(name) { return (.identifier(name), .function) }
        if TeXSymbols.limitFunctions.contains(name) {
            let text = name.hasPrefix("arg") ? "arg\u{2009}" + name.dropFirst(3) : name
            return (.op(text, attributes: Self.limitFunctionAttributes), .limitsFunction)
        }
        if let mark = TeXSymbols.accents[name] {
            let base = try parseArgument(of: display)
            return (.over(base, .op(mark), accent: true), .ordinary)
        }

        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = try parseArgument(of: display)
            let denominator = try parseArgument(of: display)
            return (.fraction(numerator, denominator), .ordinary)
        case "sqrt":
            skipSpaces()
            var index: MathNode?
            if position < source.count, source[position] == "[" {
                let open = position
                position += 1
                bracketDepth += 1
                let nodes = try parseList()
                bracketDepth -= 1
                guard peekTerminator() == .closeBracket || (position < source.count && source[position] == "]") else {
                    throw TeXError(offset: open, message: "'[' after \\sqrt is never closed")
                }
                position += 1
                index = .row(nodes)
            }
            return (.root(try parseArgument(of: display), index: index), .ordinary)
        case "overset", "stackrel":
            let mark = try parseArgument(of: display)
            return (.over(try parseArgument(of: display), mark, accent: false), .ordinary)
        case "underset":
            let mark = try parseArgument(of: display)
            return (.under(try parseArgument(of: display), mark), .ordinary)
        case "mathbf": return (try parseStyled(.bold, command: display), .ordinary)
        case "boldsymbol", "bm": return (try parseStyled(.boldItalic, command: display), .ordinary)
        case "mathrm": return (try parseStyled(.upright, command: display), .ordinary)
        case "mathbb": return (try parseStyled(.blackboard, command: display), .ordinary)
        case "mathcal": return (try parseStyled(.calligraphic, command: display), .ordinary)
        case "text", "textrm", "textnormal", "mbox":
            return (.text(try readText(command: display)), .ordinary)
        case "operatorname":
            var limits = false
            if position < source.count, source[position] == "*" {
                limits = true
                position += 1
            }
            let text = try readText(command: display)
            if limits { return (.op(text, attributes: Self.limitFunctionAttributes), .limitsFunction) }
            return (.identifier(text, upright: text.count == 1), .function)
        case "left":
            return (try parseLeftRight(start: start), .ordinary)
        case "begin":
            return (try parseEnvironment(start: start), .ordinary)
        default:
            throw TeXError(offset: start, message: "unsupported TeX command \(display)")
        }
    }

    private mutating func parseStyled(_ style: MathFont, command: String) throws(TeXError) -> MathNode {
        let saved = font
        font = style
        defer { font = saved }
        return try parseArgument(of: command)
    }

    /// Reads `{plain text}` for `\text`, keeping escaped characters and making edge spaces visible.
    private mutating func readText(command: String) throws(TeXError) -> String {
        skipSpaces()
        guard position < source.count, source[position] == "{" else {
            throw TeXError(offset: position, message: "\(command) needs a {braced} argument")
        }
        let open = position
        position += 1
        var text = "", depth = 0
        while true {
            guard position < source.count else { throw TeXError(offset: open, message: "'{' is never closed") }
            let c = source[position]
            if c == "}" && depth == 0 { position += 1; break }
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if c == "\\" {
                let name = commandName(at: position)
                if name.count == 1, "{}$%&_# ,".contains(name) {
                    text += name == "," ? "\u{2009}" : name
                    position += 2
                    continue
                }
                throw TeXError(offset: position, message: "unsupported command \\\(name) inside \(command)")
            }
            if c != "{" && c != "}" { text.append(c) }
            position += 1
        }
        // mtext collapses edge spaces like HTML; TeX keeps them, so make them non-breaking.
        let leading = text.prefix(while: { $0 == " " }).count
        let trailing = text.reversed().prefix(while: { $0 == " " }).count
        if leading == text.count { return String(repeating: "\u{A0}", count: leading) }
        return String(repeating: "\u{A0}", count: leading) + text.dropFirst(leading).dropLast(trailing)
            + String(repeating: "\u{A0}", count: trailing)
    }

    private mutating func readDelimiter(after command: String) throws(TeXError) -> String? {
        skipSpaces()
        guard position < source.count else {
            throw TeXError(offset: position, message: "missing delimiter after \\\(command)")
        }
        let c = source[position]
        if c == "\\" {
            let name = commandName(at: position)
            if let symbol = TeXSymbols.delimiterCommands[name] {
                position += 1 + name.count
                return symbol
            }
            throw TeXError(offset: position, message: "\\\(name) is not a delimiter for \\\(command)")
        }
        if "()[]|/".contains(c) { position += 1; return String(c) }
        if c == "." { position += 1; return nil }
        throw TeXError(offset: position, message: "'\(c)' is not a delimiter for \\\(command)")
    }

    private mutating func parseLeftRight(start: Int) throws(TeXError) -> MathNode {
        let open = try readDelimiter(after: "left")
        let saved = bracketDepth
        bracketDepth = 0
        let body = try parseList()
        bracketDepth = saved
        guard peekTerminator() == .right else {
            if peekTerminator() == .end {
                throw TeXError(offset: start, message: "\\left has no matching \\right")
            }
            throw unexpected(peekTerminator()!)
        }
        position += 1 + "right".count
        let close = try readDelimiter(after: "right")
        var nodes: [MathNode] = []
        if let open { nodes.append(.op(open, attributes: [("fence", "true"), ("form", "prefix")])) }
        nodes += body
        if let close { nodes.append(.op(close, attributes: [("fence", "true"), ("form", "postfix")])) }
        return .row(nodes)
    }

    // MARK: Environments

    private mutating func readEnvironmentName(after command: String) throws(TeXError) -> String {
        skipSpaces()
        guard position < source.count, source[position] == "{" else {
            throw TeXError(offset: position, message: "\\\(command) needs an environment name in braces")
        }
        var name = ""
        var i = position + 1
        while i < source.count, source[i] != "}" {
            name.append(source[i])
            i += 1
        }
        guard i < source.count else { throw TeXError(offset: position, message: "'{' is never closed") }
        position = i + 1
        return name
    }

    private mutating func parseEnvironment(start: Int) throws(TeXError) -> MathNode {
        let name = try readEnvironmentName(after: "begin")
        let isAligned = ["aligned", "align", "align*", "split"].contains(name)
        let matrix = TeXSymbols.matrices[name]
        guard isAligned || matrix != nil || name == "cases" else {
            throw TeXError(offset: start, message: "unsupported environment {\(name)}")
        }
        let saved = bracketDepth
        bracketDepth = 0
        defer { bracketDepth = saved }
        var rows: [[MathNode]] = []
        var cells: [MathNode] = []
        rowLoop: while true {
            cells.append(.row(try parseList()))
            switch peekTerminator() {
            case .ampersand?:
                position += 1
            case .newline?:
                position += 2
                rows.append(cells)
                cells = []
            case .endEnvironment?:
                let endStart = position
                position += 1 + "end".count
                let endName = try readEnvironmentName(after: "end")
                guard endName == name else {
                    throw TeXError(offset: endStart, message: "\\begin{\(name)} is closed by \\end{\(endName)}")
                }
                // A trailing \\ before \end leaves one empty cell: not a row.
                if !(cells.count == 1 && cells[0] == .row([]) && !rows.isEmpty) { rows.append(cells) }
                break rowLoop
            case .end?:
                throw TeXError(offset: start, message: "\\begin{\(name)} has no matching \\end{\(name)}")
            case let terminator?:
                throw unexpected(terminator)
            case nil:
                preconditionFailure("parseList stops only at a terminator")
            }
        }
        if isAligned {
            return .table(rows: rows, className: "tex-aligned",
                          attributes: [("displaystyle", "true"), ("columnalign", "right left right left")])
        }
        if name == "cases" {
            return .row([.op("{"), .table(rows: rows, className: "tex-cases", attributes: [("columnalign", "left left")])])
        }
        let table = MathNode.table(rows: rows, className: "tex-matrix", attributes: [])
        guard let open = matrix?.open, let close = matrix?.close else { return table }
        return .row([.op(open), table, .op(close)])
    }

    private mutating func skipSpaces() {
        while position < source.count, source[position].isWhitespace { position += 1 }
    }
}
