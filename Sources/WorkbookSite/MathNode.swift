/// A presentation-MathML tree, the output of `TeXParser` and the input of the MathML writer.
///
/// The tree mirrors MathML Core elements one to one, so rendering is a plain recursive walk.
indirect enum MathNode: Equatable {
    /// `<mi>`; `upright` adds `mathvariant="normal"` (only meaningful for one character).
    case identifier(String, upright: Bool = false)
    /// `<mn>`
    case number(String)
    /// `<mo>` with its attributes in output order.
    case op(String, attributes: [(String, String)] = [])
    /// `<mtext>`
    case text(String)
    /// `<mspace width="…"/>`
    case space(width: String)
    /// `<mrow>`; a one-element row is written as its element where MathML allows it.
    case row([MathNode])
    /// `<mfrac>`
    case fraction(MathNode, MathNode)
    /// `<msqrt>` or, with an index, `<mroot>`.
    case root(MathNode, index: MathNode?)
    /// `<msub>`/`<msup>`/`<msubsup>`, or with `limits` `<munder>`/`<mover>`/`<munderover>`.
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?, limits: Bool)
    /// `<mover accent="true">` (hat, tilde, bar…) or, with `over == false`, `<munder>`.
    case over(MathNode, MathNode, accent: Bool)
    /// `<munder>` for `\underset`.
    case under(MathNode, MathNode)
    /// `<mtable>` with its rows of cells, a CSS class and MathML attributes.
    case table(rows: [[MathNode]], className: String, attributes: [(String, String)])

    /// Equal when they write the same MathML (attribute lists are tuples, which are not Equatable).
    static func == (lhs: MathNode, rhs: MathNode) -> Bool {
        var a = "", b = ""
        lhs.write(to: &a)
        rhs.write(to: &b)
        return a == b
    }
}

extension MathNode {
    /// Writes the node as compact MathML (no whitespace between tags).
    func write(to out: inout String) {
        switch self {
        case .identifier(let name, let upright):
            out += upright ? "<mi mathvariant=\"normal\">" : "<mi>"
            out += XMLEscaping.text(name)
            out += "</mi>"
        case .number(let digits):
            out += "<mn>\(XMLEscaping.text(digits))</mn>"
        case .op(let symbol, let attributes):
            out += "<mo"
            for (name, value) in attributes { out += " \(name)=\"\(XMLEscaping.attribute(value))\"" }
            out += ">\(XMLEscaping.text(symbol))</mo>"
        case .text(let text):
            out += "<mtext>\(XMLEscaping.text(text))</mtext>"
        case .space(let width):
            out += "<mspace width=\"\(width)\"/>"
        case .row(let children):
            out += "<mrow>"
            for child in children { child.writeSingle(to: &out) }
            out += "</mrow>"
        case .fraction(let numerator, let denominator):
            out += "<mfrac>"
            numerator.writeSingle(to: &out)
            denominator.writeSingle(to: &out)
            out += "</mfrac>"
        case .root(let radicand, let index):
            if let index {
                out += "<mroot>"
                radicand.writeSingle(to: &out)
                index.writeSingle(to: &out)
                out += "</mroot>"
            } else {
                out += "<msqrt>"
                radicand.writeInferred(to: &out)
                out += "</msqrt>"
            }
        case .scripts(let base, let sub, let sup, let limits):
            let tag: String
            switch (sub != nil, sup != nil) {
            case (true, true): tag = limits ? "munderover" : "msubsup"
            case (true, false): tag = limits ? "munder" : "msub"
            default: tag = limits ? "mover" : "msup"
            }
            out += "<\(tag)>"
            base.writeSingle(to: &out)
            sub?.writeSingle(to: &out)
            sup?.writeSingle(to: &out)
            out += "</\(tag)>"
        case .over(let base, let mark, let accent):
            out += accent ? "<mover accent=\"true\">" : "<mover>"
            base.writeSingle(to: &out)
            mark.writeSingle(to: &out)
            out += "</mover>"
        case .under(let base, let mark):
            out += "<munder>"
            base.writeSingle(to: &out)
            mark.writeSingle(to: &out)
            out += "</munder>"
        case .table(let rows, let className, let attributes):
            out += "<mtable class=\"\(className)\""
            for (name, value) in attributes { out += " \(name)=\"\(XMLEscaping.attribute(value))\"" }
            out += ">"
            for row in rows {
                out += "<mtr>"
                for cell in row {
                    out += "<mtd>"
                    cell.writeInferred(to: &out)
                    out += "</mtd>"
                }
                out += "</mtr>"
            }
            out += "</mtable>"
        }
    }

    /// Writes exactly one element: a one-child row is unwrapped, other rows stay `<mrow>`.
    func writeSingle(to out: inout String) {
        if case .row(let children) = self, children.count == 1 {
            children[0].writeSingle(to: &out)
        } else {
            write(to: &out)
        }
    }

    /// Writes the children of a row directly, for elements with an inferred `<mrow>`
    /// (`<msqrt>`, `<mtd>`, `<semantics>` is not one of them).
    func writeInferred(to out: inout String) {
        if case .row(let children) = self {
            for child in children { child.writeSingle(to: &out) }
        } else {
            write(to: &out)
        }
    }
}
