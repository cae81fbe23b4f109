import Foundation
import GazetteCore
import Testing
@testable import GazetteUI

@Suite("Folders of feeds")
struct FeedFoldersTests {
    let size = Size(width: 120, height: 30)

    /// "Tech" holds two feeds (and an article with none); "News" one.
    static func state() -> (AppState, MemoryArticleSource) {
        func article(_ n: UInt64, _ title: String, _ category: String, feed: String?, hoursAgo: Double) -> Article {
            Article(id: ArticleID(rawValue: n), title: title, category: category, published: Fixtures.now.addingTimeInterval(-hoursAgo * 3600),
                    body: "Text of \(title).", siteName: feed, importedAt: Fixtures.now)
        }
        let articles = [
            article(1, "Rust 2.0 released", "Tech", feed: "Lobsters", hoursAgo: 1),
            article(2, "A new kernel", "Tech", feed: "LWN.net: Linux Weekly News and more", hoursAgo: 2),
            article(3, "Ask: editors?", "Tech", feed: "Lobsters", hoursAgo: 3),
            article(4, "A note", "Tech", feed: nil, hoursAgo: 4),
            article(5, "Elections", "News", feed: "Daily", hoursAgo: 5),
        ]
        let source = MemoryArticleSource(articles: articles)
        var state = AppState(index: source.index, starred: [], read: [ArticleID(rawValue: 3)], size: Size(width: 120, height: 30),
                             now: Fixtures.now, storePath: "(memory)")
        state.timeZone = Fixtures.zone
        return (state, source)
    }

    @Test("A folder of several feeds lists them beneath it with their unread/total; a folder of one feed does not")
    func tree() {
        let (state, _) = Self.state()
        #expect(state.folders.map(\.name) == ["All articles", "Favorites", "News", "Tech", "Lobsters", "LWN.net: Linux Weekly News and more"])
        let lobsters = state.folders[4]
        #expect(lobsters.kind == .feed(slug: CategoryName.slug("Tech"), name: "Lobsters") && lobsters.count == 2 && lobsters.unread == 1)
        #expect(state.folders[3].feeds == 2 && state.folders[3].count == 4 && state.folders[3].unread == 3)
        #expect(state.folders[2].feeds == 0)
    }

    @Test("A feed shows its own articles, the folder all of them; a read mark counts in both; Space hides and shows the feeds")
    func selectAndCollapse() {
        var (state, source) = Self.state()
        Fixtures.apply([.move(.down), .move(.down), .move(.down), .move(.down)], to: &state, source: source)
        #expect(state.currentFolder?.name == "Lobsters")
        #expect(state.articles.map { state.index.summary(at: $0).title } == ["Rust 2.0 released", "Ask: editors?"])
        Fixtures.apply([.focusArticles, .toggleRead], to: &state, source: source)
        #expect(state.folders[4].unread == 0 && state.folders[3].unread == 2 && state.folders[5].unread == 1)
        Fixtures.apply([.focusFolders, .toggleFolder], to: &state, source: source)
        #expect(state.folders.map(\.name) == ["All articles", "Favorites", "News", "Tech"])
        #expect(state.currentFolder?.name == "Tech" && state.folders[3].collapsed)
        #expect(state.articles.count == 4)
        Fixtures.apply([.toggleFolder], to: &state, source: source)
        #expect(state.folders.count == 6 && state.currentFolder?.name == "Tech")
    }

    @Test("Mixed lists name each article's feed in a column; folder and feed names are cut before their counts are")
    func columnsAndNames() {
        var (state, source) = Self.state()
        Fixtures.apply([.move(.down), .move(.down), .move(.down)], to: &state, source: source)  // Tech
        let screen = Renderer.render(state).lines
        #expect(screen.contains { $0.contains("Rust 2.0 released") && $0.contains("Lobsters") }, "\(screen.joined(separator: "\n"))")
        #expect(screen.contains { $0.contains("A new kernel") && $0.contains("LWN.net") })
        #expect(screen.contains { $0.contains("A note") && $0.contains("Tech") })
        // 30 columns: one pane; long names give way to the counts.
        var narrow = state
        narrow.size = Size(width: 30, height: 12)
        Fixtures.apply([.resize(Size(width: 30, height: 12)), .focusFolders], to: &narrow, source: source)
        let rows = Renderer.render(narrow).lines
        let trimmed = rows.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(trimmed.contains { $0.hasSuffix(" 3/4") && $0.contains("Tech") }, "\(rows.joined(separator: "\n"))")
        let lwn = trimmed.first { $0.contains("LWN.net") }
        #expect(lwn?.hasSuffix("… 1/1") == true && lwn?.contains("and more") == false, "\(lwn ?? "")")
    }

    @Test("Saved searches are folders after Favorites: their articles, unread/total kept current as articles are read; the index's answer replaces the titles' one")
    func savedSearchFolders() {
        var (state, source) = Self.state()
        state.savedSearches = [SavedSearch(name: "Unread tech", query: "is:unread folder:tech"), SavedSearch(name: "Rust", query: "rust")]
        state.rebuildFolders()
        #expect(state.folders.map(\.name).prefix(4) == ["All articles", "Favorites", "Unread tech", "Rust"])
        // Until the index answers, titles are searched: "rust" is in one title.
        #expect(state.folders[3].count == 1)
        Fixtures.apply([.move(.down), .move(.down), .move(.down)], to: &state, source: source)
        #expect(state.currentFolder?.name == "Rust" && state.articles.count == 1)
        // The index's answer (positions), e.g. a body match too.
        Fixtures.apply([.savedSearchResults(["Rust": [0, 1], "Unread tech": [0, 1, 2, 3]])], to: &state, source: source)
        #expect(state.folders[3].count == 2 && state.articles.count == 2)
        // is:unread: 4 articles, one read already; reading another takes it out of the count.
        #expect(state.folders[2].count == 3 && state.folders[2].unread == 3)
        Fixtures.apply([.focusArticles, .toggleRead], to: &state, source: source)
        #expect(state.folders[2].count == 2)
    }
}
