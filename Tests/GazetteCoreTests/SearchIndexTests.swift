import Foundation
import Testing
@testable import GazetteCore

@Suite("Full-text search")
struct SearchIndexTests {
    @Test("Queries read words, \"phrases\", -exclusions, fields, is:, after: and before:; a bad date is named")
    func parsing() {
        let q = SearchQuery(#"trump "white house" -russia title:storm author:"Jane Doe" -feed:reddit is:unread is:starred after:2026-11-01 before:2026-12-01"#)
        #expect(q.terms == [
            .init(text: "trump", phrase: false, field: nil, negated: false),
            .init(text: "white house", phrase: true, field: nil, negated: false),
            .init(text: "russia", phrase: false, field: nil, negated: true),
            .init(text: "storm", phrase: false, field: .title, negated: false),
            .init(text: "Jane Doe", phrase: true, field: .author, negated: false),
            .init(text: "reddit", phrase: false, field: .feed, negated: true),
        ])
        #expect(q.unread == true && q.starred == true)
        #expect(q.after == ISODate.parse("2026-11-01T00:00:00Z") && q.before == ISODate.parse("2026-12-01T00:00:00Z"))
        #expect(SearchQuery("is:read").unread == false)
        #expect(SearchQuery("after:yesterday").problems == [#"after: takes a date like 2026-11-01, not "yesterday""#])
        #expect(SearchQuery(#"-"a phrase" "unclosed"#).terms.map(\.text) == ["a phrase", "unclosed"])
        #expect(SearchQuery("!!! ---").isEmpty)
        // Quotes and FTS5 syntax in a query are words, never operators.
        #expect(SearchQuery(#"a"b NEAR( x) OR*"#).matchExpressions.positive != nil)
    }

    @Test("A pasted page is not a query of thousands of words: each term once, at most 64 words, the rest named")
    func boundedQueries() throws {
        let repeated = SearchQuery(Array(repeating: "trump", count: 9_000).joined(separator: " "))
        #expect(repeated.terms.map(\.text) == ["trump"] && repeated.problems.isEmpty)
        let many = SearchQuery((0..<500).map { "w\($0)" }.joined(separator: " ") + " -storm")
        #expect(many.terms.count == SearchQuery.maxWords && many.terms.last?.text == "w63")
        #expect(many.problems == ["only the first 64 words are searched"])
        let phrase = SearchQuery("\"" + String(repeating: "東京", count: 5_000) + "\"")
        #expect(phrase.terms.count == 1 && SearchQuery.words(phrase.terms[0].text).count == 64)
        // Through the index and the title filter, as fast as one word.
        let (store, root) = try store()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try titles(store, Array(repeating: "trump", count: 9_000).joined(separator: " ")) == ["Russia and Trump", "Trump golf"])
        let all = Array(0..<store.index.count)
        #expect(store.index.positions(all, matching: Array(repeating: "trump", count: 100_000).joined(separator: " ")).count == 2)
    }

    static func article(_ n: UInt64, _ title: String, body: String, category: String = "News", feed: String? = nil, author: String? = nil,
                        daysAgo: Double = 0) -> Article {
        Article(id: ArticleID(rawValue: n), title: title, category: category, author: author,
                published: Date(timeIntervalSince1970: 1_800_000_000 - daysAgo * 86_400), body: body, siteName: feed)
    }

    static let articles = [
        article(1, "Markets rally", body: "Shares rose after the central bank spoke.\n\nLinks:\n[1] https://example.com/trump", feed: "Daily", author: "Jane Doe"),
        article(2, "Weather", body: "A storm is coming to the White House lawn.", feed: "Daily", daysAgo: 1),
        article(3, "House prices", body: "The white paint of the house was new.", category: "Money", feed: "Ledger", daysAgo: 2),
        article(4, "Café culture", body: "Zürich's cafés are full.", category: "Life", daysAgo: 3),
        article(5, "東京の天気", body: "東京都の新しい知事が発表した。", category: "Life", daysAgo: 4),
        article(6, "Russia and Trump", body: "Talks on trade.", category: "Politics", daysAgo: 5),
        article(7, "Trump golf", body: "A golf club in Florida.", category: "Politics", daysAgo: 6),
    ]

    func store() throws -> (ArticleStore, String) {
        let root = NSTemporaryDirectory() + "gazette-search-\(UUID().uuidString)"
        let store = try ArticleStore.open(at: root)
        _ = try Importer(store: store).importArticles(Self.articles)
        return (store, root)
    }

    func titles(_ store: ArticleStore, _ query: String, newest: Bool = true, read: Set<ArticleID> = [], starred: Set<ArticleID> = []) throws -> [String] {
        let positions = try #require(store.search).positions(SearchQuery(query), in: store.index, read: read, starred: starred, newestFirst: newest)
        return positions.map { store.index.summary(at: $0).title }
    }

    @Test("Known answers: a word in the text only, prefixes, a phrase in order, exclusion, fields, accents, CJK; link addresses are not text")
    func knownAnswers() throws {
        let (store, root) = try store()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try titles(store, "central bank") == ["Markets rally"])
        #expect(try titles(store, "shar") == ["Markets rally"])
        #expect(try titles(store, "\"white house\"") == ["Weather"])
        #expect(try titles(store, "white house") == ["Weather", "House prices"])
        #expect(try titles(store, "trump") == ["Russia and Trump", "Trump golf"])
        #expect(try titles(store, "trump -russia") == ["Trump golf"])
        #expect(try titles(store, "title:house") == ["House prices"])
        #expect(try titles(store, "author:jane") == ["Markets rally"])
        #expect(try titles(store, "feed:ledger") == ["House prices"])
        #expect(try titles(store, "folder:politics golf") == ["Trump golf"])
        #expect(try titles(store, "cafe zurich") == ["Café culture"])
        #expect(try titles(store, "CAFÉS") == ["Café culture"])
        #expect(try titles(store, "東京") == ["東京の天気"])
        #expect(try titles(store, "知事") == ["東京の天気"])
        #expect(try titles(store, "\"京東\"").isEmpty)
        #expect(try titles(store, "-trump -house -weather").count == 3)
    }

    @Test("Filters: read marks, stars and dates; best first ranks a title match above a passing mention")
    func filtersAndRank() throws {
        let (store, root) = try store()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ids = Self.articles.map(\.id)
        #expect(try titles(store, "is:unread trump", read: [ids[5]]) == ["Trump golf"])
        #expect(try titles(store, "is:read", read: [ids[5]]) == ["Russia and Trump"])
        #expect(try titles(store, "is:starred", starred: [ids[0], ids[6]]) == ["Markets rally", "Trump golf"])
        // Published 2027-01-15 08:00 UTC, then one a day before.
        #expect(try titles(store, "after:2027-01-13") == ["Markets rally", "Weather", "House prices"])
        #expect(try titles(store, "before:2027-01-13") == ["Café culture", "東京の天気", "Russia and Trump", "Trump golf"])
        #expect(try titles(store, "after:2027-01-10 before:2027-01-13 trump") == ["Russia and Trump"])
        // "house" is the title of one and a word of the other's text: the title ranks first.
        #expect(try titles(store, "house", newest: false).first == "House prices")
    }

    @Test("Best first: exclusions apply before ranking; past the ranking limit the list stays newest first")
    func bestFirstLimits() throws {
        let (store, root) = try store()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let search = try #require(store.search)
        #expect(try titles(store, "house", newest: true) == ["Weather", "House prices"])
        #expect(try titles(store, "house", newest: false) == ["House prices", "Weather"])
        #expect(try titles(store, "house -prices", newest: false) == ["Weather"])
        #expect(try titles(store, "trump -golf -russia", newest: false).isEmpty)
        search.rankLimit = 1
        #expect(try titles(store, "house", newest: false) == ["Weather", "House prices"])
        #expect(try titles(store, "house -prices", newest: false) == ["Weather"])
    }

    @Test("The index follows the store: a changed article is found by its new words only, a deleted one not at all; deleted, it is rebuilt")
    func followsTheStore() throws {
        let (store, root) = try store()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var changed = Self.articles[6]
        changed.body = "A tennis match in Miami."
        _ = try Importer(store: store).importArticles([changed])
        #expect(try titles(store, "golf club").isEmpty)
        #expect(try titles(store, "tennis") == ["Trump golf"])
        try store.delete([Self.articles[1].id])
        #expect(try titles(store, "storm").isEmpty)
        // The index file deleted: reconcile builds it again from the articles.
        for suffix in ["", "-wal", "-shm"] { unlink(SearchIndex.path(storeRoot: root) + suffix) }
        let reopened = try ArticleStore.open(at: root)
        let search = try #require(reopened.search)
        #expect(try titles(reopened, "tennis").isEmpty)
        let added = try search.reconcile(with: reopened.index, load: { try? reopened.article(at: $0) })
        #expect(added == 6)
        #expect(try titles(reopened, "tennis") == ["Trump golf"])
        // A damaged index file is replaced, not trusted.
        let other = root + "-damaged"
        defer { try? FileManager.default.removeItem(atPath: other) }
        try FileManager.default.createDirectory(atPath: other + "/.index", withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: SearchIndex.path(storeRoot: other)))
        let fresh = try SearchIndex(storeRoot: other)
        #expect(try fresh.ids().isEmpty)
        try fresh.update([Self.articles[0]])
        #expect(try fresh.search(SearchQuery("central"))?.count == 1)
    }

    @Test("A hostile body: 5 MB of text is indexed up to its limit, control characters and FTS5 syntax in it are only text")
    func hostile() throws {
        let root = NSTemporaryDirectory() + "gazette-search-hostile-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try ArticleStore.open(at: root)
        let huge = "needle " + String(repeating: "hay ", count: 1_300_000) + "lastword"
        _ = try Importer(store: store).importArticles([
            Self.article(1, "Huge", body: huge),
            Self.article(2, "Syntax", body: #"He said "NEAR(a b)" AND OR NOT * ^ {col}: quote""#),
        ])
        #expect(try titles(store, "needle") == ["Huge"])
        #expect(try titles(store, "lastword").isEmpty)
        #expect(try titles(store, "NEAR") == ["Syntax"])
        #expect(try titles(store, "\"and or not\"") == ["Syntax"])
    }

    @Test("A rule judges one article as the index would: words at word starts, phrases, fields, exclusions, dates, its feed")
    func ruleMatches() {
        var a = Self.article(1, "Sponsored: the best café deals", body: "Buy now. The white house sale.", feed: "Deals Daily", author: "Ad Desk")
        a.source = "https://deals.example/feed.xml"
        #expect(SearchQuery("sponsor").matches(a))
        #expect(!SearchQuery("ponsored").matches(a))
        #expect(SearchQuery("title:cafe").matches(a))
        #expect(!SearchQuery("title:sale").matches(a))
        #expect(SearchQuery("\"white house\"").matches(a) && !SearchQuery("\"house white\"").matches(a))
        #expect(SearchQuery("author:desk feed:deals").matches(a))
        #expect(!SearchQuery("sponsored -cafe").matches(a))
        #expect(SearchQuery("after:2027-01-01 deals").matches(a) && !SearchQuery("before:2027-01-01 deals").matches(a))
        #expect(!SearchQuery("is:starred deals").matches(a))
        #expect(IgnoreRule(feed: "https://DEALS.example/feed.xml", query: "sponsored").catches(a))
        #expect(!IgnoreRule(feed: "https://other.example/rss", query: "sponsored").catches(a))
        #expect(IgnoreRule(feed: nil, query: "sponsored").catches(a))
        // Link addresses are not text, for a rule as for the index ("rules test" agrees).
        var linked = a
        linked.body = "Buy now.\n\nLinks:\n[1] https://tracker.example/offer"
        #expect(!SearchQuery("tracker").matches(linked) && SearchQuery("buy").matches(linked))
    }

    @Test("A CJK author is found by the characters of the name, by the index and by a rule alike")
    func cjkAuthor() throws {
        let root = NSTemporaryDirectory() + "gazette-search-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try ArticleStore.open(at: root)
        let a = Self.article(1, "小説の話", body: "新しい本。", author: "村上春樹")
        _ = try Importer(store: store).importArticles([a])
        #expect(try titles(store, "author:村上") == ["小説の話"])
        #expect(SearchQuery("author:村上").matches(a))
    }
}
