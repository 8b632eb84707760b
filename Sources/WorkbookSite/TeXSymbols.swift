/// The TeX commands the book supports, as tables from command name to MathML.
///
/// Anything not listed here is an error, so that a typo fails the build at its Markdown line
/// instead of rendering as red text in a reader's browser.
enum TeXSymbols {
    /// Lower-case greek letters: italic `<mi>` by MathML's default for one character.
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
        "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ",
        "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]

    /// Upper-case greek letters: upright, as TeX sets them.
    static let upperGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Ordinary symbols written as `<mi>`.
    static let identifiers: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "top": "⊤",
        "intercal": "⊺", "emptyset": "∅", "varnothing": "∅", "prime": "′", "aleph": "ℵ",
        "_": "_", "#": "#", "%": "%", "&": "&", "$": "$",
    ]

    /// Operators, relations, arrows, dots and delimiters written as `<mo>`.
    static let operators: [String: String] = [
        "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "cdot": "⋅", "times": "×", "div": "÷",
        "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘", "bullet": "∙",
        "approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝",
        "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪", "gg": "≫",
        "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
        "setminus": "∖", "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←",
        "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "leftrightarrow": "↔",
        "mapsto": "↦", "implies": "⟹", "iff": "⟺", "uparrow": "↑", "downarrow": "↓",
        "mid": "∣", "parallel": "∥", "perp": "⊥", "forall": "∀", "exists": "∃", "neg": "¬",
        "land": "∧", "lor": "∨", "wedge": "∧", "vee": "∨", "colon": ":",
        "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮", "ddots": "⋱",
        "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|",
        "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
        "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "{": "{", "}": "}",
    ]

    /// Big operators; `true` when their scripts go above and below (`\sum`), `false` for `\int`.
    static let largeOperators: [String: (symbol: String, limits: Bool)] = [
        "sum": ("∑", true), "prod": ("∏", true), "coprod": ("∐", true),
        "bigcup": ("⋃", true), "bigcap": ("⋂", true), "int": ("∫", false), "oint": ("∮", false),
    ]

    /// Function names set upright (`\tanh x`); scripts go to the right.
    static let functions: Set<String> = [
        "sin", "cos", "tan", "sinh", "cosh", "tanh", "exp", "log", "ln", "lg", "arg", "dim", "ker", "deg",
    ]

    /// Function names whose scripts go underneath in display math (`\max_i`).
    static let limitFunctions: Set<String> = [
        "max", "min", "lim", "sup", "inf", "det", "Pr", "gcd", "argmax", "argmin",
    ]

    /// Horizontal spaces, as MathML lengths.
    static let spaces: [String: String] = [
        ",": "0.1667em", ":": "0.2222em", ">": "0.2222em", ";": "0.2778em", "!": "-0.1667em",
        " ": "0.3333em", "quad": "1em", "qquad": "2em", "enspace": "0.5em",
    ]

    /// Accents placed over their argument.
    static let accents: [String: String] = [
        "hat": "^", "widehat": "^", "tilde": "~", "widetilde": "~", "bar": "¯", "overline": "¯",
        "vec": "→", "dot": "˙", "ddot": "¨",
    ]

    /// Delimiters allowed after `\left`, `\right` (besides single characters such as `(`).
    static let delimiterCommands: [String: String] = [
        "{": "{", "}": "}", "|": "‖", "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|",
        "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋",
        "lceil": "⌈", "rceil": "⌉",
    ]

    /// Matrix-like environments and their delimiters (`nil` for none).
    static let matrices: [String: (open: String?, close: String?)] = [
        "matrix": (nil, nil), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": ("{", "}"),
        "vmatrix": ("|", "|"), "Vmatrix": ("‖", "‖"),
    ]

    /// ASCII characters that are operators in math mode.
    static let operatorCharacters: [Character: String] = [
        "+": "+", "-": "\u{2212}", "*": "∗", "=": "=", "<": "<", ">": ">", ",": ",", ";": ";",
        ":": ":", "!": "!", "?": "?", "/": "/", "(": "(", ")": ")", "[": "[", "]": "]", "|": "|",
        ".": ".",
    ]

    /// Characters that TeX treats as fences; MathML would stretch them unless told not to.
    static let fenceCharacters: Set<String> = ["(", ")", "[", "]", "|", "{", "}", "‖", "⟨", "⟩", "⌊", "⌋", "⌈", "⌉"]
}

/// Math alphabets (`\mathbf`, `\mathbb`…) mapped to Unicode's mathematical alphanumeric symbols,
/// because MathML Core renders `mathvariant` only for `normal`.
enum MathFont: Equatable {
    case upright, bold, boldItalic, blackboard, calligraphic

    /// The styled form of one character, or the character itself when the font has no form for it.
    func apply(to character: Character) -> String {
        guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
            return String(character)
        }
        let v = scalar.value
        func offset(_ base: UInt32, _ from: UInt32) -> String {
            String(Character(Unicode.Scalar(base + (v - from))!))
        }
        let upper = (0x41...0x5A).contains(v), lower = (0x61...0x7A).contains(v), digit = (0x30...0x39).contains(v)
        let upperGreek = (0x391...0x3A9).contains(v), lowerGreek = (0x3B1...0x3C9).contains(v)
        switch self {
        case .upright:
            return String(character)
        case .bold:
            if upper { return offset(0x1D400, 0x41) }
            if lower { return offset(0x1D41A, 0x61) }
            if digit { return offset(0x1D7CE, 0x30) }
            if upperGreek { return offset(0x1D6A8, 0x391) }
            if lowerGreek { return offset(0x1D6C2, 0x3B1) }
        case .boldItalic:
            if upper { return offset(0x1D468, 0x41) }
            if lower { return offset(0x1D482, 0x61) }
            if digit { return offset(0x1D7CE, 0x30) }
            if upperGreek { return offset(0x1D71C, 0x391) }
            if lowerGreek { return offset(0x1D736, 0x3B1) }
        case .blackboard:
            // Letters that existed before the math block keep their old code points.
            let holes: [Character: String] = ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
            if let hole = holes[character] { return hole }
            if upper { return offset(0x1D538, 0x41) }
            if lower { return offset(0x1D552, 0x61) }
            if digit { return offset(0x1D7D8, 0x30) }
        case .calligraphic:
            let holes: [Character: String] = [
                "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                "e": "ℯ", "g": "ℊ", "o": "ℴ",
            ]
            if let hole = holes[character] { return hole }
            if upper { return offset(0x1D49C, 0x41) }
            if lower { return offset(0x1D4B6, 0x61) }
        }
        return String(character)
    }
}
