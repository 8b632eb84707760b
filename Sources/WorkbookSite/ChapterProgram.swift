import WorkbookCore

/// A chapter's whole program, for readers: every snippet in order, hidden lines and `setup`
/// snippets included, each under a comment naming its Markdown line. It is what `swift run
/// <chapter>` compiles, less the verifier's bookkeeping (the run handle and `#sourceLocation`
/// lines of `Chapter.program`), so a reader can copy it into a package of their own.
enum ChapterProgram {
    static func of(_ chapter: Chapter, title: String, number: Int) -> String {
        guard !chapter.snippets.isEmpty else { return "" }
        var out = "// Chapter \(number), \u{201C}\(title)\u{201D}: the whole program of \(chapter.path).\n"
        out += "// Every snippet in order, hidden lines and setup snippets included: what `swift run \(chapter.name)`\n"
        out += "// runs in the book's package. Elsewhere it needs the SeqKit and Figures libraries, and\n"
        out += "// chapters/prelude.swift compiled beside it (the portable exp, log, tanh … every chapter uses).\n"
        var solutions = false
        for snippet in chapter.snippets {
            if snippet.isSolution, !solutions {
                solutions = true
                out += "\n// MARK: Solutions to the exercises (`swift run \(chapter.name) --solutions` runs them)\n"
            }
            var note = snippet.isSetup ? ", setup: hidden on the page" : ""
            if let trap = snippet.expectedTrap { note += trap.isEmpty ? ", expected to trap" : ", expected to trap with \u{201C}\(trap)\u{201D}" }
            out += "\n// MARK: Snippet \(snippet.index) (\(chapter.path):\(snippet.codeLine)\(note))\n"
            for line in SnippetPass.allLines(snippet.code) { out += line + "\n" }
        }
        return out
    }
}
