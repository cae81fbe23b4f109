import Foundation
import Testing
@testable import GazetteCore

@Suite("Retention: max-items and keep-articles-days")
struct RetentionTests {
    func feed(_ name: String, days: ClosedRange<Int>) -> Importer.Fetched {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(name)</title><link>http://\(name).test/</link>"
        for day in days {
            xml += "<item><title>\(name) day \(day)</title><link>http://\(name).test/\(day)</link><guid>\(name)-\(day)</guid>"
                + "<description>Text of day \(day).</description><pubDate>\(String(format: "%02d", day)) Jun 2026 10:00:00 GMT</pubDate></item>"
        }
        return Importer.Fetched(url: "http://\(name).test/feed.xml", bytes: Array((xml + "</channel></rss>").utf8), category: nil)
    }

    func titles(_ store: ArticleStore) -> Set<String> {
        Set((0..<store.index.count).map { store.index.summary(at: $0).title })
    }

    @Test("max-items keeps the newest N of each feed, keep-articles-days removes older ones; starred articles and imported files stay; removed items do not come back with the next fetch")
    func retention() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        let fetched = try Importer(store: store).importFetched([feed("alpha", days: 1...5), feed("beta", days: 1...2)])
        #expect(fetched.imported == 7)
        _ = dir.write("notes/old-note.txt", "An old note\n\nWritten long ago.\n")
        #expect(try Importer(store: store, options: .init(category: "Notes")).importPaths([dir.path + "/notes"]).imported == 1)
        let alphaDay1 = (0..<store.index.count).map { store.index.summary(at: $0) }.first { $0.title == "alpha day 1" }!.id
        try store.favorites.set(alphaDay1, starred: true)

        let now = ISODate.parse("2026-06-10T00:00:00Z")!
        let byCount = try Retention.apply(.init(maxItems: 3), store: store, now: now)
        // alpha: days 5, 4, 3 stay; 2 goes; 1 is starred and stays. beta: both stay.
        #expect(byCount == Retention.Result(removed: 1, starredKept: 1))
        #expect(!titles(store).contains("alpha day 2"))
        #expect(titles(store).contains("alpha day 1"))

        let byAge = try Retention.apply(.init(keepDays: 8), store: store, now: now)
        // Older than 2 June: beta day 1 goes; alpha day 1 is starred; the note is a file.
        #expect(byAge.removed == 1)
        #expect(titles(store) == ["alpha day 1", "alpha day 3", "alpha day 4", "alpha day 5", "beta day 2", "An old note"])

        // The feeds still list everything: nothing removed comes back; a new item does.
        let again = try Importer(store: store).importFetched([feed("alpha", days: 1...6), feed("beta", days: 1...2)])
        #expect(again.imported == 1)
        #expect(titles(store).contains("alpha day 6"))
        #expect(!titles(store).contains("alpha day 2") && !titles(store).contains("beta day 1"))
        // An explicit import of a file is not affected by the deleted list.
        #expect(store.deletedLog.load().count == 2)
    }

    @Test("No limits: nothing is read or removed")
    func noPolicy() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        _ = try Importer(store: store).importFetched([feed("alpha", days: 1...3)])
        #expect(try Retention.apply(.init(maxItems: 0, keepDays: 0), store: store) == Retention.Result())
        #expect(store.index.count == 3)
    }

    @Test("A feed's own maxItems (OPML attribute) wins over the config's: 0 keeps everything; it survives export and import")
    func perFeed() throws {
        let dir = TempDir()
        let store = try ArticleStore.open(at: dir.path + "/store")
        _ = try Importer(store: store).importFetched([feed("alpha", days: 1...5), feed("beta", days: 1...5)])
        let list = try FeedList.parseOPML(Array("""
        <opml version="2.0"><body>
        <outline text="alpha" xmlUrl="http://alpha.test/feed.xml" maxItems="2"/>
        <outline text="beta" xmlUrl="http://beta.test/feed.xml" maxItems="0"/>
        </body></opml>
        """.utf8), path: "feeds.opml")
        #expect(list.maxItemsPerFeed == ["http://alpha.test/feed.xml": 2, "http://beta.test/feed.xml": 0])
        #expect(try FeedList.parseOPML(Array(list.opml().utf8), path: "x").maxItemsPerFeed == list.maxItemsPerFeed)
        let result = try Retention.apply(.init(maxItems: 4), store: store, perFeed: list.maxItemsPerFeed)
        #expect(result.removed == 3)
        #expect(titles(store).filter { $0.hasPrefix("alpha") } == Set(["alpha day 4", "alpha day 5"]))
        #expect(titles(store).filter { $0.hasPrefix("beta") }.count == 5)
    }
}
