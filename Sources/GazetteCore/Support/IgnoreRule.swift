import Foundation

/// `ignore-article FEED|* "QUERY"` (newsboat's killfile): articles of that feed (or of any)
/// that match the query are not imported or fetched.
public struct IgnoreRule: Equatable, Sendable {
    /// The feed's address; nil for every feed (`*`).
    public var feed: String?
    public var query: String

    public init(feed: String?, query: String) {
        self.feed = feed
        self.query = query
    }

    /// Whether the rule keeps this article out.
    public func catches(_ article: Article) -> Bool {
        if let feed {
            guard let source = article.source, ArticleID.canonicalURL(source) == ArticleID.canonicalURL(feed) else { return false }
        }
        return SearchQuery(query).matches(article)
    }
}

extension SearchQuery {
    /// Whether one article matches, as the full-text index would answer (words at word
    /// starts, phrases in order, fields, exclusions, dates; a new article is unread and not
    /// starred). Used where there is no index: rules at import time.
    public func matches(_ article: Article) -> Bool {
        if unread == false || starred == true { return false }
        let date = article.published ?? article.importedAt
        if let after, date < after { return false }
        if let before, date >= before { return false }
        let fields: [Field: [String]] = [
            .title: Self.foldedWords(article.title), .author: Self.foldedWords(article.author ?? ""),
            .feed: Self.foldedWords(article.siteName ?? ""), .folder: Self.foldedWords(article.category),
        ]
        var body: [String]?
        func has(_ term: Term) -> Bool {
            let words = Self.foldedWords(term.text)
            guard !words.isEmpty else { return true }
            if let field = term.field { return Self.contains(fields[field] ?? [], words, prefix: !term.phrase) }
            if fields.values.contains(where: { Self.contains($0, words, prefix: !term.phrase) }) { return true }
            // The text as the index holds it: without the list of link addresses, bounded.
            if body == nil { body = Self.foldedWords(SearchIndex.searchableBody(article)) }
            return Self.contains(body!, words, prefix: !term.phrase)
        }
        return positive.allSatisfy(has) && !negative.contains(where: has)
    }

    static func foldedWords(_ text: String) -> [String] {
        words(text).map { String(decoding: SearchFolding.fold($0), as: UTF8.self) }
    }

    /// Whether `words` occur in a row in `text` (the last one as a prefix when asked).
    static func contains(_ text: [String], _ words: [String], prefix: Bool) -> Bool {
        guard words.count <= text.count else { return false }
        for start in 0...(text.count - words.count) {
            var ok = true
            for (k, w) in words.enumerated() {
                let t = text[start + k]
                if k == words.count - 1 && prefix ? !t.hasPrefix(w) : t != w { ok = false; break }
            }
            if ok { return true }
        }
        return false
    }
}
