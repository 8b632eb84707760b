import Testing
@testable import WorkbookSite

/// Whole-string conversions: the `<math>` wrapper and annotation are added by `wrap`.
@Suite struct MathMLTests {
    func wrap(_ body: String, _ tex: String, display: String = "inline") -> String {
        let annotation = tex.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;").replacingAll(">", with: "&gt;")
        return "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"\(display)\"><semantics>\(body)"
            + "<annotation encoding=\"application/x-tex\">\(annotation)</annotation></semantics></math>"
    }

    @Test(arguments: [
        (#"x^2"#, "<msup><mi>x</mi><mn>2</mn></msup>"),
        (#"x_t"#, "<msub><mi>x</mi><mi>t</mi></msub>"),
        (#"x_{t-1}^{2}"#, "<msubsup><mi>x</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow><mn>2</mn></msubsup>"),
        (#"x^23"#, "<mrow><msup><mi>x</mi><mn>2</mn></msup><mn>3</mn></mrow>"),
        (#"3.14 + 42"#, "<mrow><mn>3.14</mn><mo>+</mo><mn>42</mn></mrow>"),
        (#"\alpha\beta\Omega"#, "<mrow><mi>α</mi><mi>β</mi><mi mathvariant=\"normal\">Ω</mi></mrow>"),
        (#"\frac{1}{1+e^{-z}}"#, "<mfrac><mn>1</mn><mrow><mn>1</mn><mo>+</mo><msup><mi>e</mi><mrow><mo>−</mo><mi>z</mi></mrow></msup></mrow></mfrac>"),
        (#"f''^2_t"#, "<msubsup><mi>f</mi><mi>t</mi><mrow><mo>′′</mo><mn>2</mn></mrow></msubsup>"),
        (#"\min(a, b)"#, "<mrow><mo form=\"prefix\" movablelimits=\"true\" lspace=\"0\" rspace=\"0\">min</mo><mo stretchy=\"false\">(</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"\frac12"#, "<mfrac><mn>1</mn><mn>2</mn></mfrac>"),
        (#"\sqrt{x}"#, "<msqrt><mi>x</mi></msqrt>"),
        (#"\sqrt{a+b}"#, "<msqrt><mi>a</mi><mo>+</mo><mi>b</mi></msqrt>"),
        (#"\sqrt[3]{x}"#, "<mroot><mi>x</mi><mn>3</mn></mroot>"),
        (#"\sum_{t=1}^{T} \ell_t"#, "<mrow><munderover><mo>∑</mo><mrow><mi>t</mi><mo>=</mo><mn>1</mn></mrow><mi>T</mi></munderover><msub><mi>ℓ</mi><mi>t</mi></msub></mrow>"),
        (#"\prod_i p_i"#, "<mrow><munder><mo>∏</mo><mi>i</mi></munder><msub><mi>p</mi><mi>i</mi></msub></mrow>"),
        (#"\int_0^1"#, "<msubsup><mo>∫</mo><mn>0</mn><mn>1</mn></msubsup>"),
        (#"f_t \odot c_{t-1}"#, "<mrow><msub><mi>f</mi><mi>t</mi></msub><mo>⊙</mo><msub><mi>c</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub></mrow>"),
        (#"a \cdot b \times c"#, "<mrow><mi>a</mi><mo>⋅</mo><mi>b</mi><mo>×</mo><mi>c</mi></mrow>"),
        (#"\tanh(x)"#, "<mrow><mi>tanh</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"\tanh x"#, "<mrow><mi>tanh</mi><mspace width=\"0.1667em\"/><mi>x</mi></mrow>"),
        (#"\exp(-x) \log y"#, "<mrow><mi>exp</mi><mo stretchy=\"false\">(</mo><mo>−</mo><mi>x</mi><mo stretchy=\"false\">)</mo><mi>log</mi><mspace width=\"0.1667em\"/><mi>y</mi></mrow>"),
        (#"\sigma(z)"#, "<mrow><mi>σ</mi><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"\max_i x_i"#, "<mrow><munder><mo form=\"prefix\" movablelimits=\"true\" lspace=\"0\" rspace=\"0\">max</mo><mi>i</mi></munder><mspace width=\"0.1667em\"/><msub><mi>x</mi><mi>i</mi></msub></mrow>"),
        (#"\mathbf{W}^\top \mathbf{x}"#, "<mrow><msup><mi>𝐖</mi><mi>⊤</mi></msup><mi>𝐱</mi></mrow>"),
        (#"\mathbf{h}_{t}"#, "<msub><mi>𝐡</mi><mi>t</mi></msub>"),
        (#"\mathrm{softmax}(z)"#, "<mrow><mi>softmax</mi><mo stretchy=\"false\">(</mo><mi>z</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"\mathrm{d}x"#, "<mrow><mi mathvariant=\"normal\">d</mi><mi>x</mi></mrow>"),
        (#"x \in \mathbb{R}^{n}"#, "<mrow><mi>x</mi><mo>∈</mo><msup><mi>ℝ</mi><mi>n</mi></msup></mrow>"),
        (#"\mathcal{L}"#, "<mi>ℒ</mi>"),
        (#"\text{loss} = 0"#, "<mrow><mtext>loss</mtext><mo>=</mo><mn>0</mn></mrow>"),
        (#"\text{if } x"#, "<mrow><mtext>if\u{A0}</mtext><mi>x</mi></mrow>"),
        (#"\operatorname{ReLU}(x)"#, "<mrow><mi>ReLU</mi><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"\frac{\partial L}{\partial w}"#, "<mfrac><mrow><mi>∂</mi><mi>L</mi></mrow><mrow><mi>∂</mi><mi>w</mi></mrow></mfrac>"),
        (#"\nabla_\theta L"#, "<mrow><msub><mi>∇</mi><mi>θ</mi></msub><mi>L</mi></mrow>"),
        (#"a \approx b \le c \ge d \ne e"#, "<mrow><mi>a</mi><mo>≈</mo><mi>b</mi><mo>≤</mo><mi>c</mi><mo>≥</mo><mi>d</mi><mo>≠</mo><mi>e</mi></mrow>"),
        (#"t \to \infty"#, "<mrow><mi>t</mi><mo>→</mo><mi>∞</mi></mrow>"),
        (#"c \leftarrow c + 1"#, "<mrow><mi>c</mi><mo>←</mo><mi>c</mi><mo>+</mo><mn>1</mn></mrow>"),
        (#"x_1, \ldots, x_T"#, "<mrow><msub><mi>x</mi><mn>1</mn></msub><mo>,</mo><mo>…</mo><mo>,</mo><msub><mi>x</mi><mi>T</mi></msub></mrow>"),
        (#"\left( \frac{a}{b} \right)"#, "<mrow><mo fence=\"true\" form=\"prefix\">(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo fence=\"true\" form=\"postfix\">)</mo></mrow>"),
        (#"\left\{ x \right."#, "<mrow><mo fence=\"true\" form=\"prefix\">{</mo><mi>x</mi></mrow>"),
        (#"\hat{y}"#, "<mover accent=\"true\"><mi>y</mi><mo>^</mo></mover>"),
        (#"\tilde{c}_t"#, "<msub><mover accent=\"true\"><mi>c</mi><mo>~</mo></mover><mi>t</mi></msub>"),
        (#"\bar x"#, "<mover accent=\"true\"><mi>x</mi><mo>¯</mo></mover>"),
        (#"f'(x)"#, "<mrow><mrow><mi>f</mi><mo lspace=\"0\" rspace=\"0\">′</mo></mrow><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"a\quad b\,c"#, "<mrow><mi>a</mi><mspace width=\"1em\"/><mi>b</mi><mspace width=\"0.1667em\"/><mi>c</mi></mrow>"),
        (#"a*b*c"#, "<mrow><mi>a</mi><mo>∗</mo><mi>b</mi><mo>∗</mo><mi>c</mi></mrow>"),
        (#"x < y"#, "<mrow><mi>x</mi><mo>&lt;</mo><mi>y</mi></mrow>"),
        (#"\left\lVert \mathbf{x} \right\rVert_2"#, "<msub><mrow><mo fence=\"true\" form=\"prefix\">‖</mo><mi>𝐱</mi><mo fence=\"true\" form=\"postfix\">‖</mo></mrow><mn>2</mn></msub>"),
        (#"\hat{\mathbf{y}}"#, "<mover accent=\"true\"><mi>𝐲</mi><mo>^</mo></mover>"),
        (#"\operatorname*{arg\,max}_\theta L"#, "<mrow><munder><mo form=\"prefix\" movablelimits=\"true\" lspace=\"0\" rspace=\"0\">arg\u{2009}max</mo><mi>θ</mi></munder><mspace width=\"0.1667em\"/><mi>L</mi></mrow>"),
        (#"\frac{\frac{a}{b}}{c}"#, "<mfrac><mfrac><mi>a</mi><mi>b</mi></mfrac><mi>c</mi></mfrac>"),
        (#"\mathbf{0} \boldsymbol{\alpha}"#, "<mrow><mn>𝟎</mn><mi>𝜶</mi></mrow>"),
        (#"\vec{v}"#, "<mover accent=\"true\"><mi>v</mi><mo>→</mo></mover>"),
        (#"\overset{!}{=}"#, "<mover><mo>=</mo><mo>!</mo></mover>"),
        ("α + β", "<mrow><mi>α</mi><mo>+</mo><mi>β</mi></mrow>"),
        (#"\{ x \}"#, "<mrow><mo stretchy=\"false\">{</mo><mi>x</mi><mo stretchy=\"false\">}</mo></mrow>"),
        (#"\sigma'(x)"#, "<mrow><mrow><mi>σ</mi><mo lspace=\"0\" rspace=\"0\">′</mo></mrow><mo stretchy=\"false\">(</mo><mi>x</mi><mo stretchy=\"false\">)</mo></mrow>"),
        (#"10^{-3}"#, "<msup><mn>10</mn><mrow><mo>−</mo><mn>3</mn></mrow></msup>"),
        (#"\cdots \vdots \ddots"#, "<mrow><mo>⋯</mo><mo>⋮</mo><mo>⋱</mo></mrow>"),
        (#"\mathbf{W}_{\!h}"#, "<msub><mi>𝐖</mi><mrow><mspace width=\"-0.1667em\"/><mi>h</mi></mrow></msub>"),
        (#"\text{a \$ b}"#, "<mtext>a $ b</mtext>"),
        (#"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"#, "<mrow><mo>[</mo><mtable class=\"tex-matrix\"><mtr><mtd><mn>1</mn></mtd><mtd><mn>2</mn></mtd></mtr><mtr><mtd><mn>3</mn></mtd><mtd><mn>4</mn></mtd></mtr></mtable><mo>]</mo></mrow>"),
        (#"\begin{pmatrix} a \\ b \\ \end{pmatrix}"#, "<mrow><mo>(</mo><mtable class=\"tex-matrix\"><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable><mo>)</mo></mrow>"),
        (#"\begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}"#, "<mrow><mo>{</mo><mtable class=\"tex-cases\" columnalign=\"left left\"><mtr><mtd><mn>1</mn></mtd><mtd><mi>x</mi><mo>&gt;</mo><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd><mtd><mtext>otherwise</mtext></mtd></mtr></mtable></mrow>"),
        (#"\begin{aligned} f_t &= \sigma(a) \\ c_t &= f_t \odot c \end{aligned}"#, "<mtable class=\"tex-aligned\" displaystyle=\"true\" columnalign=\"right left right left\"><mtr><mtd><msub><mi>f</mi><mi>t</mi></msub></mtd><mtd><mo>=</mo><mi>σ</mi><mo stretchy=\"false\">(</mo><mi>a</mi><mo stretchy=\"false\">)</mo></mtd></mtr><mtr><mtd><msub><mi>c</mi><mi>t</mi></msub></mtd><mtd><mo>=</mo><msub><mi>f</mi><mi>t</mi></msub><mo>⊙</mo><mi>c</mi></mtd></mtr></mtable>"),
    ])
    func converts(tex: String, body: String) throws {
        #expect(try MathML.render(tex, display: .inline) == wrap(body, tex))
    }

    @Test func blockDisplayAndEscapedAnnotation() throws {
        #expect(try MathML.render("a<b", display: .block) == wrap("<mrow><mi>a</mi><mo>&lt;</mo><mi>b</mi></mrow>", "a<b", display: "block"))
    }

    @Test func lstmCellEquation() throws {
        let tex = #"\mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot \tilde{\mathbf{c}}_t"#
        let body = "<mrow><msub><mi>𝐜</mi><mi>t</mi></msub><mo>=</mo><msub><mi>𝐟</mi><mi>t</mi></msub><mo>⊙</mo>"
            + "<msub><mi>𝐜</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow></msub><mo>+</mo><msub><mi>𝐢</mi><mi>t</mi></msub>"
            + "<mo>⊙</mo><msub><mover accent=\"true\"><mi>𝐜</mi><mo>~</mo></mover><mi>t</mi></msub></mrow>"
        #expect(try MathML.render(tex, display: .block) == wrap(body, tex, display: "block"))
    }

    @Test(arguments: [
        (#"\foo"#, TeXError(offset: 0, message: #"unsupported TeX command \foo"#)),
        (#"a + \mathfrak{g}"#, TeXError(offset: 4, message: #"unsupported TeX command \mathfrak"#)),
        (#"x^"#, TeXError(offset: 2, message: "missing argument for ^")),
        (#"\frac{1}"#, TeXError(offset: 8, message: #"missing argument for \frac"#)),
        (#"{x"#, TeXError(offset: 0, message: "'{' is never closed")),
        (#"x}"#, TeXError(offset: 1, message: "unmatched '}'")),
        (#"\left( x"#, TeXError(offset: 0, message: #"\left has no matching \right"#)),
        (#"x \right)"#, TeXError(offset: 2, message: #"\right without a matching \left"#)),
        (#"\left< x \right)"#, TeXError(offset: 5, message: #"'<' is not a delimiter for \left"#)),
        (#"x_1_2"#, TeXError(offset: 3, message: "double subscript: use braces, as in x_{ab}")),
        (#"x^1^2"#, TeXError(offset: 3, message: "double superscript: use braces, as in x^{ab}")),
        (#"a & b"#, TeXError(offset: 2, message: "'&' is only allowed inside aligned, cases or matrix environments")),
        (#"a \\ b"#, TeXError(offset: 2, message: #"'\\' is only allowed inside aligned, cases or matrix environments"#)),
        (#"\begin{bmatrix} 1 \end{pmatrix}"#, TeXError(offset: 18, message: #"\begin{bmatrix} is closed by \end{pmatrix}"#)),
        (#"\begin{array} 1 \end{array}"#, TeXError(offset: 0, message: "unsupported environment {array}")),
        (#"\begin{bmatrix} 1 "#, TeXError(offset: 0, message: #"\begin{bmatrix} has no matching \end{bmatrix}"#)),
        (#"\text{a \alpha}"#, TeXError(offset: 8, message: #"unsupported command \alpha inside \text"#)),
        (#"a # b"#, TeXError(offset: 2, message: "unexpected character '#'")),
        ("  ", TeXError(offset: 0, message: "empty formula")),
    ])
    func rejects(tex: String, expected: TeXError) {
        #expect(throws: expected) { try MathML.render(tex, display: .inline) }
    }

    @Test func errorDescriptionHasColumn() {
        #expect(TeXError(offset: 4, message: "unsupported TeX command \\foo").description == "column 5: unsupported TeX command \\foo")
    }
}
