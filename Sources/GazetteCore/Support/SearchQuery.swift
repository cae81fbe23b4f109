import Foundation

/// A search as typed: words (every one required, each matching words that start with it),
/// "a phrase", -word to exclude, fields (title:, author:, feed:, folder:), is:unread,
/// is:read, is:starred, after:2026-11-01, before:2026-12-01. Accents and case never matter.
public struct SearchQuery: Equatable, Sendable {
    public enum Field: String, CaseIterable, Hashable, Sendable { case title, author, feed, folder }

    /// Words a query searches for at most, all its terms together: a pasted page would keep
    /// FTS5 busy for seconds (its cost grows with the square of the words: 9,000 took 10 s).
    public static let maxWords = 64

    public struct Term: Hashable, Sendable {
        public var text: String
        public var phrase: Bool
        public var field: Field?
        public var negated: Bool
    }

    public var terms: [Term] = []
    /// is:unread (true) or is:read (false).
    public var unread: Bool?
    public var starred: Bool?
    /// after:DATE: published on that day or later; before:DATE: before that day (UTC days).
    public var after: Date?
    public var before: Date?
    /// What could not be read ("after:yesterday"), for the bar.
    public var problems: [String] = []

    public var positive: [Term] { terms.filter { !$0.negated } }
    public var negative: [Term] { terms.filter(\.negated) }

    /// Whether the query asks anything of the text (else only filters).
    public var hasText: Bool { !terms.isEmpty }
    public var isEmpty: Bool { terms.isEmpty && unread == nil && starred == nil && after == nil && before == nil }

    public init(_ text: String) {
        for token in Self.tokens(text) {
            // -"a phrase"
            if token.text == "-", let phrase = token.attached {
                terms.append(Term(text: phrase, phrase: true, field: nil, negated: true))
                continue
            }
            var word = token.text
            var negated = false
            if !token.quoted, word.hasPrefix("-"), word.count > 1 { negated = true; word.removeFirst() }
            if !token.quoted, let colon = word.firstIndex(of: ":"), colon != word.startIndex {
                let key = word[..<colon].lowercased()
                let value = String(word[word.index(after: colon)...])
                if let field = Field(rawValue: key) {
                    // field:"a phrase" arrives as the next quoted token.
                    if value.isEmpty, let next = token.attached {
                        terms.append(Term(text: next, phrase: true, field: field, negated: negated))
                    } else if !value.isEmpty {
                        terms.append(Term(text: value, phrase: false, field: field, negated: negated))
                    }
                    continue
                }
                switch (key, value.lowercased()) {
                case ("is", "unread"): unread = !negated; continue
                case ("is", "read"): unread = negated; continue
                case ("is", "starred"), ("is", "star"), ("is", "flagged"): starred = !negated; continue
                case ("after", _), ("before", _):
                    if let date = ISODate.parse(value) ?? ISODate.parse(value + "T00:00:00Z") {
                        if key == "after" { after = date } else { before = date }
                    } else {
                        problems.append("\(key): takes a date like 2026-11-01, not \"\(value)\"")
                    }
                    continue
                default:
                    break
                }
            }
            terms.append(Term(text: word, phrase: token.quoted, field: nil, negated: negated))
        }
        terms = terms.filter { !Self.words($0.text).isEmpty }
        bound()
    }

    /// Each term once, and at most `maxWords` words in all (a phrase past the bound keeps
    /// its first words); what is left out is named in `problems`.
    private mutating func bound() {
        var seen = Set<Term>()
        var budget = Self.maxWords
        var kept: [Term] = []
        for term in terms where seen.insert(term).inserted {
            let words = Self.words(term.text)
            if words.count <= budget {
                kept.append(term)
                budget -= words.count
                continue
            }
            if budget > 0 {
                var cut = term
                cut.text = words.prefix(budget).joined(separator: " ")
                kept.append(cut)
            }
            problems.append("only the first \(Self.maxWords) words are searched")
            break
        }
        terms = kept
    }

    /// The query's pieces: words, "quoted phrases" (attached to a `field:` or `-` before them).
    struct Token { var text: String; var quoted: Bool; var attached: String? }

    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var i = text.startIndex
        func flush() { if !current.isEmpty { out.append(Token(text: current, quoted: false, attached: nil)) }; current = "" }
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" || c == "“" || c == "”" {
                // A phrase up to the closing quote (or the end while it is being typed).
                var j = text.index(after: i)
                var phrase = ""
                while j < text.endIndex, text[j] != "\"", text[j] != "”", text[j] != "“" { phrase.append(text[j]); j = text.index(after: j) }
                if current.hasSuffix(":") || current == "-" {
                    out.append(Token(text: current, quoted: false, attached: phrase))
                    current = ""
                } else {
                    flush()
                    out.append(Token(text: phrase, quoted: true, attached: nil))
                }
                i = j < text.endIndex ? text.index(after: j) : j
                continue
            }
            if c.isWhitespace { flush() } else { current.append(c) }
            i = text.index(after: i)
        }
        flush()
        return out
    }

    /// The words of a text as the index splits them: letters and digits; each CJK ideograph
    /// or kana its own word (those scripts are written without spaces).
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isCJK(s) {
                if !current.isEmpty { out.append(String(current)); current = .init() }
                out.append(String(s))
            } else if s.properties.isAlphabetic || s.properties.numericType != nil || s.properties.generalCategory == .nonspacingMark {
                current.append(s)
            } else if !current.isEmpty {
                out.append(String(current))
                current = .init()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// Han ideographs, hiragana, katakana (Hangul is written with spaces).
    public static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FA1F, 0x31F0...0x31FF: true
        default: false
        }
    }

    /// Text as the index stores it: each CJK character set apart so it is a word of its own.
    public static func indexable(_ text: String) -> String {
        // Every CJK character is encoded from E3 up (U+3040 is E3 81 80): text without such
        // a byte, nearly all of it, is left as it is without decoding a character.
        guard Bytes.withUTF8(text, { buf in buf.contains { $0 >= 0xE3 } }), text.unicodeScalars.contains(where: isCJK) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isCJK(s) { out.append(" "); out.append(s); out.append(" ") } else { out.append(s) }
        }
        return String(out)
    }

    /// One term as an FTS5 expression: its words in order (a phrase), the last one a prefix
    /// unless the term was quoted; CJK characters in sequence as a phrase.
    static func expression(_ term: Term) -> String? {
        let words = Self.words(term.text)
        guard !words.isEmpty else { return nil }
        let quoted = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var phrase = quoted.joined(separator: " + ")
        let lastIsCJK = words.last?.unicodeScalars.first.map(isCJK) ?? false
        if !term.phrase, !lastIsCJK { phrase += "*" }
        if words.count > 1 { phrase = "(" + phrase + ")" }
        if let field = term.field { return "{\(field.rawValue)} : " + phrase }
        return phrase  // every column
    }

    /// The FTS5 MATCH expression of the positive terms, and of the negative ones (nil: none).
    public var matchExpressions: (positive: String?, negative: String?) {
        let pos = positive.compactMap(Self.expression)
        let neg = negative.compactMap(Self.expression)
        return (pos.isEmpty ? nil : pos.joined(separator: " AND "), neg.isEmpty ? nil : neg.joined(separator: " OR "))
    }
}
