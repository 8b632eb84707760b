/// Legend labels that tell every series apart, however they are cut.
///
/// A name longer than the room is cut at its end (`LSTM, forget bias 3, se…`). When two names
/// would come out the same that way, those names keep their head and their end around the `…`
/// instead, with the shortest end that separates them, taken from a word's start where one is
/// near: `LSTM, forget bias 3…4/1` and `LSTM, forget bias 3…6/3`.
enum LegendLabels {
    /// The SVG legend's room, in characters.
    static let svgLimit = 24

    /// One label of at most `limit` characters per name, all distinct where the names are; nil when
    /// no cut separates two names (they differ only deep in their middle) or two non-empty names
    /// are equal.
    static func distinct(_ names: [String], limit: Int) -> [String]? {
        let lines = names.map(Escaping.singleLine)
        var labels = lines.map { TerminalText.truncate($0, to: limit) }
        for (label, indices) in Dictionary(grouping: labels.indices, by: { labels[$0] }) where indices.count > 1 {
            guard !label.isEmpty else { continue }
            let group = indices.map { lines[$0] }
            if Set(group).count < group.count { return nil }
            guard limit >= 3, let cut = (1...(limit - 2)).lazy.map({ tail in group.map { cutMiddle($0, limit: limit, atLeast: tail) } })
                .first(where: { Set($0).count == $0.count }) else { return nil }
            for (index, text) in zip(indices, cut) { labels[index] = text }
        }
        // A middle cut may land on a label another series already has.
        let named = labels.filter { !$0.isEmpty }
        return Set(named).count == named.count ? labels : nil
    }

    /// `head…tail` of at most `limit` characters whose tail has at least `atLeast` characters: the
    /// shortest such end that starts a word, if it leaves room for a head, else exactly `atLeast`.
    /// The head loses trailing spaces and commas. Names that fit stay whole.
    static func cutMiddle(_ name: String, limit: Int, atLeast tail: Int) -> String {
        let characters = Array(name)
        guard characters.count > limit else { return name }
        let wordStarts = characters.indices.dropFirst().filter { characters[$0 - 1] == " " && characters[$0] != " " }
        let length = wordStarts.reversed().map { characters.count - $0 }.first { $0 >= tail && $0 <= limit - 2 } ?? tail
        var head = characters.prefix(limit - 1 - length)
        while let last = head.last, last == " " || last == ",", head.count > 1 { head.removeLast() }
        return String(head) + "…" + String(characters.suffix(length))
    }

    /// Stops the program, at the `add(series:)` call, when the new name's legend label would not
    /// tell it from another series' (see ``problem(adding:to:in:)``).
    static func check(_ name: String, joining existing: [String], in figure: String) {
        if let message = problem(adding: name, to: existing, in: figure) { preconditionFailure(message) }
    }

    /// Why `name` cannot join series named `existing` (the same name, or names that differ only
    /// deep in the middle), or nil. Unnamed series are never compared.
    static func problem(adding name: String, to existing: [String], in figure: String) -> String? {
        guard !name.isEmpty, distinct(existing + [name], limit: svgLimit) == nil else { return nil }
        let clash = existing.first { $0 == name }
            ?? existing.first { distinct([$0, name], limit: svgLimit) == nil } ?? ""
        return "\(figure): add(series: \"\(name)\"): its legend label would be the same as that of series \"\(clash)\"; "
            + "give the series names that differ within their first \(svgLimit - 1) or their last \(svgLimit - 2) characters"
    }
}
