import Foundation
import Testing
@testable import GazetteCore

@Suite("Feed list (OPML)")
struct FeedListTests {
    @Test("Adding, listing and removing feeds survives a save and a reload; the same URL is listed once")
    func roundTrip() throws {
        let dir = TempDir()
        let path = dir.path + "/config/gazette/feeds.opml"
        var list = try FeedList.load(from: path)
        #expect(list.entries.isEmpty)
        let first = list.add(.init(url: "https://example.com/feed.xml", title: "Example & Co", category: "Tech"))
        let again = list.add(.init(url: "HTTPS://EXAMPLE.com/feed.xml#top"))
        let other = list.add(.init(url: "http://other.example/rss"))
        #expect(first && !again && other)
        #expect(list.entries.count == 2)
        try list.save(to: path)
        let loaded = try FeedList.load(from: path)
        #expect(loaded == list)
        var edited = loaded
        let removed = edited.remove("https://example.com/feed.xml")
        let missing = edited.remove("https://nowhere.example/")
        #expect(removed && !missing)
        #expect(edited.entries.map(\.url) == ["http://other.example/rss"])
    }

    @Test("OPML from other readers: nested folders become categories")
    func otherReaders() throws {
        let opml = """
        <?xml version="1.0"?>
        <opml version="1.0"><head><title>Subscriptions</title></head><body>
          <outline text="News" title="News">
            <outline text="BBC" type="rss" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" htmlUrl="https://bbc.co.uk"/>
            <outline text="Guardian" type="rss" xmlUrl="https://www.theguardian.com/world/rss"/>
          </outline>
          <outline text="LWN" type="rss" xmlUrl="https://lwn.net/headlines/rss" category="/Linux"/>
        </body></opml>
        """
        let list = try FeedList.parseOPML(Array(opml.utf8), path: "subs.opml")
        #expect(list.entries == [
            .init(url: "https://feeds.bbci.co.uk/news/rss.xml", title: "BBC", category: "News"),
            .init(url: "https://www.theguardian.com/world/rss", title: "Guardian", category: "News"),
            .init(url: "https://lwn.net/headlines/rss", title: "LWN", category: "Linux"),
        ])
        #expect(throws: StoreError.self) { try FeedList.parseOPML(Array("<rss/>".utf8), path: "x") }
    }
}
