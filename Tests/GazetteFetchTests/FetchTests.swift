import Foundation
import Testing
@testable import GazetteCore
@testable import GazetteFetch
import GazetteTestSupport

@Suite("Fetching feeds over HTTP", .serialized)
struct FetchTests {
    func fetcher(timeout: TimeInterval = 2) -> FeedFetcher {
        var options = FeedFetcher.Options()
        options.timeout = timeout
        options.maxBytes = 8 << 20
        return FeedFetcher(options: options)
    }

    @Test("200, then 304 on a second fetch with the validators from the first")
    func conditionalGet() throws {
        let server = try LocalFeedServer()
        let url = server.url("/feed.xml")
        let first = fetcher().fetch([url], state: FetchState())
        guard case .fetched(let bytes, _, _) = first[0].outcome else { Issue.record("\(first[0].outcome)"); return }
        #expect(String(decoding: bytes, as: UTF8.self).contains("First local story"))
        #expect(first[0].validators?.etag == "\"v1\"")
        var state = FetchState()
        state.validators[url] = first[0].validators
        let second = fetcher().fetch([url], state: state)
        #expect(second[0].outcome == .notModified)
    }

    @Test("Failures are reported per feed with a reason and never stop the others")
    func failures() throws {
        let server = try LocalFeedServer()
        let urls = ["/missing.xml", "/slow.xml", "/loop.xml", "/huge.xml", "/feed.xml"].map(server.url)
        let started = Date()
        let results = fetcher(timeout: 1.5).fetch(urls, state: FetchState())
        #expect(Date().timeIntervalSince(started) < 15)
        let outcomes = Dictionary(uniqueKeysWithValues: results.map { ($0.url, $0.outcome) })
        #expect(outcomes[server.url("/missing.xml")] == .failed("HTTP 404 Not Found"))
        #expect(outcomes[server.url("/slow.xml")] == .failed("timed out after 1.5 s"))
        if case .failed(let reason)? = outcomes[server.url("/loop.xml")] { #expect(reason.contains("redirect")) } else { Issue.record("loop not failed") }
        if case .failed(let reason)? = outcomes[server.url("/huge.xml")] { #expect(reason.contains("larger than 8 MB")) } else { Issue.record("huge not failed") }
        if case .fetched? = outcomes[server.url("/feed.xml")] {} else { Issue.record("the good feed was not fetched") }
    }

    @Test("HTTPS with an untrusted (self-signed) certificate fails with a TLS error, never silently")
    func untrustedTLS() throws {
        let dir = NSTemporaryDirectory() + "gazette-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-keyout", dir + "/key.pem", "-out", dir + "/cert.pem"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        #expect(openssl.terminationStatus == 0, "openssl could not make a test certificate")
        let server = try LocalFeedServer(tls: (dir + "/cert.pem", dir + "/key.pem"))
        let result = fetcher(timeout: 3).fetch([server.url("/feed.xml")], state: FetchState())[0]
        guard case .failed(let reason) = result.outcome else { Issue.record("fetched from an untrusted server: \(result.outcome)"); return }
        #expect(reason.hasPrefix("TLS error") || reason.lowercased().contains("certificate") || reason.lowercased().contains("ssl"), "\(reason)")
    }

    @Test("At most two transfers to one host at a time, whatever the concurrency; all of them done")
    func perHostLimit() throws {
        let server = try LocalFeedServer()
        var options = FeedFetcher.Options()
        options.timeout = 10
        options.concurrency = 6
        let urls = (1...6).map { server.url("/busy.xml?n=\($0)") }
        let results = FeedFetcher(options: options).fetch(urls, state: FetchState())
        #expect(results.allSatisfy { if case .fetched = $0.outcome { true } else { false } })
        #expect(results.map(\.url) == urls)
        let peak = FeedFetcher(options: options).fetch([server.url("/busy-peak")], state: FetchState())
        guard case .fetched(let bytes, _, _) = peak.first?.outcome else { Issue.record("no peak"); return }
        #expect(String(decoding: bytes, as: UTF8.self) == "2")
    }

    @Test("Redirects are followed and gzip bodies decoded")
    func redirectAndGzip() throws {
        let server = try LocalFeedServer()
        let results = fetcher().fetch([server.url("/redirect.xml"), server.url("/gzip.xml")], state: FetchState())
        for r in results {
            guard case .fetched(let bytes, let final, _) = r.outcome else { Issue.record("\(r.url): \(r.outcome)"); continue }
            #expect(String(decoding: bytes, as: UTF8.self).contains("<rss"), "\(r.url)")
            if r.url.hasSuffix("redirect.xml") { #expect(final == server.url("/feed.xml")) }
        }
    }

    @Test("Fetched items are imported with links resolved against the feed URL; an HTML page is not a feed, and names the feeds it links to")
    func importFetched() throws {
        let server = try LocalFeedServer()
        let dir = NSTemporaryDirectory() + "gazette-fetch-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try ArticleStore.open(at: dir)
        let results = fetcher().fetch([server.url("/feed.xml"), server.url("/page.html"), server.url("/site.html")], state: FetchState())
        let documents = results.compactMap { r -> Importer.Fetched? in
            if case .fetched(let bytes, let final, let type) = r.outcome { return .init(url: final, bytes: bytes, category: nil, contentType: type) }
            return nil
        }
        let report = try Importer(store: store).importFetched(documents)
        #expect(report.imported == 2)
        #expect(report.refused.map(\.outcome) == [.refused(reason: "not a feed (an HTML page)"),
                                                  .refused(reason: "not a feed (an HTML page; its feed is \(server.url("/feed.xml")))")])
        let first = try store.article(ArticleID.forGUID("local-1", feed: "http://127.0.0.1/"))
        #expect(first.url == "http://127.0.0.1:\(server.port)/stories/1")
        #expect(first.body == "Hello from the local server.")
        #expect(first.category == "Local Test Feed")
    }
}
