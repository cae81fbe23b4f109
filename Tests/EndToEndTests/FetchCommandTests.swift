import Foundation
import GazetteTestSupport
import Testing

@Suite("End to end: feeds and fetch", .serialized)
struct FetchCommandTests {
    @Test("feeds add, fetch imports, a second fetch is unchanged, a failing feed is named and exits 1")
    func fetchCommand() throws {
        let server = try LocalFeedServer()
        let root = NSTemporaryDirectory() + "gazette-fetchcli-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let list = root + "/feeds.opml"
        let store = root + "/store"
        #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url("/feed.xml"), "--category", "Local"]).status == 0)
        let first = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Fetched 1 feed, 0 unchanged, 0 failed: 2 new articles, 0 updated."))
        let second = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"])
        #expect(second.stdout.contains("Fetched 0 feeds, 1 unchanged, 0 failed: 0 new articles"))
        let listed = try Harness.gazette(["list", "--store", store, "--category", "Local"])
        #expect(listed.stdout.contains("First local story"))

        #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url("/missing.xml")]).status == 0)
        #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url("/page.html")]).status == 0)
        let third = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"])
        #expect(third.status == 1)
        #expect(third.stderr.contains("\(server.url("/missing.xml")): HTTP 404 Not Found"))
        #expect(third.stderr.contains("\(server.url("/page.html")): not a feed (an HTML page)"))
        #expect(third.stdout.contains("Fetched 0 feeds, 1 unchanged, 2 failed"), "\(third.stdout)")

        // Full text: a new store, the feed marked --full; the first item's page is fetched and read.
        let fullList = root + "/full.opml"
        let fullStore = root + "/full-store"
        #expect(try Harness.gazette(["feeds", "add", "--list", fullList, "--full", server.url("/feed.xml")]).status == 0)
        let full = try Harness.gazette(["fetch", "--list", fullList, "--store", fullStore, "--timeout", "3"])
        #expect(full.stdout.contains("2 new articles, 0 updated, 1 completed from their pages."), "\(full.stdout) \(full.stderr)")
        let json = try Harness.gazette(["list", "--store", fullStore, "--json"]).stdout
        let items = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        let firstID = items.first { $0["title"] as? String == "First local story" }?["id"] as? String ?? ""
        let shown = try Harness.gazette(["show", "--store", fullStore, "--json", firstID]).stdout
        let article = try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any] ?? [:]
        let body = article["body"] as? String ?? ""
        #expect(body.hasPrefix("This is the full text of the first local story"))
        #expect(!body.contains("All rights reserved"))
        // The page's structure comes with its text (in the article's file).
        let file = FileManager.default.enumerator(atPath: fullStore + "/articles")?.compactMap { $0 as? String }
            .first { $0.hasSuffix("/\(firstID).json") }
        let stored = try file.map { try Data(contentsOf: URL(fileURLWithPath: fullStore + "/articles/" + $0)) } ?? Data()
        let rich = (try? JSONSerialization.jsonObject(with: stored) as? [String: Any])?["rich"] as? String ?? ""
        #expect(rich.contains("h2 What comes next") && rich.contains("- p One detail"), "\(rich)")
        // The feed again in full (as when it gains an item): its unchanged items keep their
        // full text, and no page is fetched again.
        try FileManager.default.removeItem(atPath: fullStore + "/fetch-state.json")
        let again = try Harness.gazette(["fetch", "--list", fullList, "--store", fullStore, "--timeout", "3"])
        #expect(again.stdout.contains("Fetched 1 feed, 0 unchanged, 0 failed: 0 new articles, 0 updated."), "\(again.stdout) \(again.stderr)")
        let reshown = try Harness.gazette(["show", "--store", fullStore, "--json", firstID]).stdout
        let kept = try JSONSerialization.jsonObject(with: Data(reshown.utf8)) as? [String: Any] ?? [:]
        #expect((kept["body"] as? String ?? "").hasPrefix("This is the full text of the first local story"))

        let bare = try Harness.gazette(["feeds", "add", "--list", list, "example.com/feed.xml"])
        #expect(bare.status != 0)
        #expect(bare.stderr.contains("did you mean https://example.com/feed.xml"))

        let exported = try Harness.gazette(["feeds", "export-opml", "--list", list])
        #expect(exported.stdout.contains("xmlUrl=\"\(server.url("/feed.xml"))\""))
        #expect(try Harness.gazette(["feeds", "remove", "--list", list, server.url("/missing.xml")]).status == 0)
        #expect(!(try Harness.gazette(["feeds", "list", "--list", list]).stdout.contains("missing")))
    }

    @Test("In the reader, f fetches a summary's web page and shows the full text; a page that is missing says why")
    func fullTextInReader() throws {
        let server = try LocalFeedServer()
        let root = NSTemporaryDirectory() + "gazette-fulltext-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let list = root + "/feeds.opml"
        let store = root + "/store"
        #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url("/feed.xml"), "--category", "Local"]).status == 0)
        #expect(try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"]).status == 0)
        let tmux = try TmuxSession(command: "XDG_CONFIG_HOME='\(root)' '\(Harness.binary)' --store '\(store)'")
        try tmux.waitFor(text: "Second local story")
        // Newest first: the second story (its page is missing), then the first.
        try tmux.send("Right")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Plain second story.")
        try tmux.send("f")
        try tmux.waitFor(text: "HTTP 404")
        try tmux.send("q")
        try tmux.send("Down")
        try tmux.send("Enter")
        try tmux.waitFor(text: "Hello from the local server.")
        try tmux.send("f")
        let full = try tmux.waitFor(text: "This is the full text of the first local story")
        #expect(full.contains("Full text from 127.0.0.1"))
        #expect(!full.contains("Hello from the local server."))
        try tmux.send("q")
        try tmux.send("q", "q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
        // It is in the store: the command line shows the same text.
        let listed = try Harness.gazette(["list", "--store", store, "--json"]).stdout
        let items = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        let first = try #require(items.first { $0["title"] as? String == "First local story" }?["id"] as? String)
        let shown = try Harness.gazette(["show", "--store", store, first]).stdout
        #expect(shown.contains("This is the full text of the first local story"))
    }
}

@Suite("End to end: hostile servers")
struct HostileServerTests {
    @Test("A gzip bomb, an endless body, a drip-fed body, a huge declared size and a redirect to file:// each fail with their reason, in bounded time and memory; the good feed is imported")
    func hostileFetch() throws {
        let server = try LocalFeedServer()
        let root = NSTemporaryDirectory() + "gazette-hostile-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let list = root + "/feeds.opml"
        let paths = ["/bomb.xml", "/endless.xml", "/drip.xml", "/declared.xml", "/to-file.xml", "/to-ftp.xml", "/feed.xml"]
        for path in paths { #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url(path)]).status == 0) }
        // One transfer at a time: the bound under test is per response (with six at once, two
        // 32 MB bodies may be held together on a loaded machine, and the peak doubles).
        let (out, peakMB) = try Harness.gazetteMeasured(["fetch", "--list", list, "--store", root + "/store", "--timeout", "3", "--jobs", "1"])
        #expect(out.status == 1)
        let reasons = Dictionary(out.stderr.split(separator: "\n").compactMap { line -> (String, String)? in
            guard let r = line.range(of: ".xml: ") else { return nil }
            return (String(line[..<r.upperBound].dropLast(2).split(separator: "/").last ?? ""), String(line[r.upperBound...]))
        }, uniquingKeysWith: { a, _ in a })
        #expect(reasons["bomb.xml"] == "the response is larger than 32 MB", "\(out.stderr)")
        #expect(reasons["endless.xml"] == "the response is larger than 32 MB")
        #expect(reasons["drip.xml"] == "timed out after 3 s")
        #expect(reasons["declared.xml"] == "the response is larger than 32 MB")
        #expect(reasons["to-file.xml"] == "redirected to file:///etc/passwd, which is not a web address (only http and https are followed)")
        #expect(reasons["to-ftp.xml"]?.hasPrefix("redirected to ftp://127.0.0.1/feed.xml") == true)
        #expect(out.stdout.contains("Fetched 1 feed, 0 unchanged, 6 failed: 2 new articles"), "\(out.stdout)")
        // 512 MiB inflated and an endless body: held to the 32 MB limit, never more.
        #expect(peakMB < 150, "peak resident memory \(peakMB) MB")
    }

    @Test("429 with Retry-After is reported with the wait, and the next fetch leaves that feed alone until then")
    func retryAfter() throws {
        let server = try LocalFeedServer()
        let root = NSTemporaryDirectory() + "gazette-retry-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let list = root + "/feeds.opml"
        let store = root + "/store"
        #expect(try Harness.gazette(["feeds", "add", "--list", list, server.url("/limited.xml")]).status == 0)
        let first = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"])
        #expect(first.status == 1)
        #expect(first.stderr.contains("limited.xml: HTTP 429 Too Many Requests; the server asks to wait 10 min"), "\(first.stderr)")
        // Five minutes later (by GAZETTE_NOW) the feed is not asked again, and that is no failure.
        let later = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"],
                                        environment: ["GAZETTE_NOW": "2026-11-27T12:05:00Z"])
        #expect(later.status == 0, "\(later.stderr)")
        #expect(later.stderr.contains("limited.xml: not fetched: the server asked to wait until 2026-11-27T12:10:00Z (5 min from now)"))
        #expect(later.stdout.contains("0 failed, 1 waiting"))
        let count = try Harness.run("/usr/bin/env", ["python3", "-c", "import urllib.request,sys;print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                                                     server.url("/limited-count")]).stdout
        #expect(count.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        // After the wait it is asked again.
        let after = try Harness.gazette(["fetch", "--list", list, "--store", store, "--timeout", "3"],
                                        environment: ["GAZETTE_NOW": "2026-11-27T12:11:00Z"])
        #expect(after.stderr.contains("HTTP 429"))
    }
}
