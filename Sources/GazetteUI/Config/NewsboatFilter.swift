import GazetteCore

/// newsboat's filter language (query feeds, `ignore-article`), read where it means what a
/// Gazette search means.
public enum NewsboatFilter {
    /// A filter expression's words: "quoted strings" (with \" inside), parentheses, and runs
    /// of other characters (`#` is an operator here, not a comment).
    static func filterWords(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var i = text.startIndex
        func flush() { if !current.isEmpty { out.append(current); current = "" } }
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" {
                flush()
                var j = text.index(after: i)
                var quoted = ""
                while j < text.endIndex, text[j] != "\"" {
                    if text[j] == "\\", text.index(after: j) < text.endIndex { j = text.index(after: j) }
                    quoted.append(text[j])
                    j = text.index(after: j)
                }
                out.append(quoted)
                i = j < text.endIndex ? text.index(after: j) : j
                continue
            }
            if c == "(" || c == ")" { flush(); out.append(String(c)) } else if c.isWhitespace { flush() } else { current.append(c) }
            i = text.index(after: i)
        }
        flush()
        return out
    }

    /// A newsboat filter expression as a Gazette search, for the forms that mean the same:
    /// comparisons joined by `and`: `unread = "yes"`/`"no"`, `flags # "s"`, and
    /// `title|author|content|description|feedtitle =~ "words"` (`!~` excludes), `tags # "x"`.
    /// Anything else (or, regular expressions, ages) is nil: not guessed.
    public static func translate(_ expression: String) -> String? {
        let words = filterWords(expression)
        guard !words.isEmpty else { return nil }
        var out: [String] = []
        var i = 0
        func quoted(_ s: String) -> String { s.contains(" ") ? "\"" + s.replacingOccurrences(of: "\"", with: "") + "\"" : s }
        while i < words.count {
            if words[i] == "(" || words[i] == ")" { i += 1; continue }
            guard i + 2 < words.count else { return nil }
            let attribute = words[i].lowercased(), op = words[i + 1], value = words[i + 2]
            i += 3
            switch (attribute, op) {
            case ("unread", "="): out.append(value.lowercased() == "yes" ? "is:unread" : "is:read")
            case ("flags", "#"): guard value == "s" else { return nil }; out.append("is:starred")
            case ("flags", "!#"): guard value == "s" else { return nil }; out.append("-is:starred")
            case ("title", "=~"), ("title", "#"): out.append("title:" + quoted(value))
            case ("author", "=~"), ("author", "="): out.append("author:" + quoted(value))
            case ("content", "=~"), ("description", "=~"): out.append(quoted(value))
            case ("feedtitle", "=~"), ("feedtitle", "="): out.append("feed:" + quoted(value))
            case ("tags", "#"): out.append("folder:" + quoted(value))
            case ("title", "!~"): out.append("-title:" + quoted(value))
            case ("content", "!~"): out.append("-" + quoted(value))
            default: return nil
            }
            // Regular expressions beyond plain words are not guessed.
            if value.contains(where: { "[]()*+?^$|\\{}".contains($0) }) { return nil }
            while i < words.count, words[i] == ")" { i += 1 }
            if i < words.count {
                guard words[i].lowercased() == "and" else { return nil }
                i += 1
            }
        }
        return out.isEmpty ? nil : out.joined(separator: " ")
    }

    /// A rule's query as `ignore-article` and `gazette rules test` read it: newsboat's
    /// expression where it means the same, else a Gazette search; with the reason when it
    /// cannot be a rule.
    public static func ruleQuery(_ raw: String) -> (text: String, problem: String?) {
        let translated = translate(raw)
        if translated == nil, raw.contains("=~") || raw.contains(" = ") || raw.contains(" # ") {
            return (raw, "\"\(raw)\" is a newsboat expression Gazette cannot read the same (write a search: title:word -word feed:name)")
        }
        let text = translated ?? raw
        let query = SearchQuery(text)
        if let problem = query.problems.first { return (text, problem) }
        guard query.hasText || query.after != nil || query.before != nil else { return (text, "\"\(raw)\" would catch every article") }
        return (text, nil)
    }
}
