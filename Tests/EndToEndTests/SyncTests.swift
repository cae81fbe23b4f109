import Foundation
import GazetteCore
import GazetteFetch
@testable import GazetteSync
import GazetteTestSupport
import Testing

/// Why the FreshRSS tests cannot run here, said once as the suite's skip reason.
private let freshRSSMissing = FreshRSSServer.unavailableReason()

/// Against a real FreshRSS (the shared copy, run with PHP on loopback), as a user with an
/// existing account would: log in, sync, mark and star in Gazette and through the API (as
/// another client, a phone, would), stop the server, kill Gazette, and compare both sides.
@Suite("Sync with a real FreshRSS (Google Reader API)", .serialized,
       .enabled(if: freshRSSMissing == nil, Comment(rawValue: "skipped: \(freshRSSMissing ?? "")")))
struct SyncTests {
    // MARK: Login

    @Test("login: a wrong password, a disabled API, a server that is not FreshRSS, TLS to a plain server and plain http to another host are each named; the password is never printed and is kept 0600")
    func loginErrors() throws {
        let server = try FreshRSSServer()
        let store = try temporaryStore()
        func login(_ url: String, password: String, _ extra: [String] = []) throws -> Harness.Output {
            try Harness.run("/bin/sh", ["-c", "printf '%s\\n' \"$PW\" | \"$BIN\" sync login \"$URL\" --user alice --password-stdin --store \"$STORE\" \(extra.joined(separator: " "))"],
                            environment: ["PW": password, "BIN": Harness.binary, "URL": url, "STORE": store])
        }
        let wrong = try login(server.baseURL, password: "not-the-password")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("refused user \"alice\""), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("API password"))
        #expect(!wrong.stderr.contains("not-the-password") && !wrong.stdout.contains("not-the-password"))
        #expect(!FileManager.default.fileExists(atPath: store + "/sync/account.json"))

        let notAServer = try login(server.feedURL(""), password: FreshRSSServer.apiPassword)
        #expect(notAServer.status == 1)
        #expect(notAServer.stderr.contains("no Google Reader API"), "\(notAServer.stderr)")

        let tls = try login("https://127.0.0.1:\(server.port)", password: FreshRSSServer.apiPassword)
        #expect(tls.status == 1)
        #expect(tls.stderr.contains("TLS"), "\(tls.stderr)")

        let plain = try login("http://rss.example.org", password: FreshRSSServer.apiPassword)
        #expect(plain.status == 2)
        #expect(plain.stderr.contains("unencrypted") && plain.stderr.contains("--send-password-unencrypted"), "\(plain.stderr)")

        // The API switched off by the administrator.
        let config = server.folder + "/data/config.php"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        try original.replacingOccurrences(of: "'api_enabled' => true", with: "'api_enabled' => false")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let disabled = try login(server.apiURL, password: FreshRSSServer.apiPassword)
        #expect(disabled.status == 1)
        #expect(disabled.stderr.contains("API access is disabled"), "\(disabled.stderr)")
        try original.write(toFile: config, atomically: true, encoding: .utf8)

        let good = try login(server.baseURL, password: FreshRSSServer.apiPassword)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Logged in as alice@127.0.0.1"))
        #expect(good.stdout.contains(store + "/sync/password"))
        #expect(!good.stdout.contains(FreshRSSServer.apiPassword) && !good.stderr.contains(FreshRSSServer.apiPassword))
        let mode = try FileManager.default.attributesOfItem(atPath: store + "/sync/password")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let status = try Harness.gazette(["sync", "status", "--store", store])
        #expect(status.stdout.contains("Account: alice@127.0.0.1 (\(server.apiURL))"))
        #expect(!status.stdout.contains(FreshRSSServer.apiPassword))

        // A password command: only the command is kept.
        let other = try temporaryStore()
        let viaCommand = try Harness.gazette(["sync", "login", server.apiURL, "--user", "alice", "--password-command",
                                              "echo \(FreshRSSServer.apiPassword)", "--store", other])
        #expect(viaCommand.status == 0, "\(viaCommand.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other + "/sync/password"))
        let failing = try Harness.gazette(["sync", "login", server.apiURL, "--user", "alice", "--password-command", "exit 3", "--store", other])
        #expect(failing.status == 1 && failing.stderr.contains("failed with status 3"), "\(failing.stderr)")
    }

    // MARK: First sync

    @Test("The first sync brings every article into its server folder with its feed, and read and starred state equal to the server's")
    func firstSync() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("world.xml", rss("World Wire", items: (1...4).map { ("World story \($0)", "http://news.test/world/\($0)") }))
        try server.writeFeed("tech.xml", rss("Tech &amp; Code", items: (1...3).map { ("Tech story \($0)", "http://news.test/tech/\($0)") }))
        try other.subscribe(server.feedURL("world.xml"), folder: "International News")
        try other.subscribe(server.feedURL("tech.xml"), folder: "Technology")
        let items = try other.items()
        #expect(items.count == 7)
        try other.mark(items.filter { $0.title == "World story 1" || $0.title == "Tech story 2" }.map(\.id), .read, on: true)
        try other.mark(items.filter { $0.title == "World story 3" }.map(\.id), .starred, on: true)

        let (store, account) = try syncedStore(server)
        let outcome = try sync(store, account)
        #expect(outcome.imported == 7)
        try store.refresh()
        let articles = try all(store)
        #expect(Set(articles.map(\.category)) == ["International News", "Technology"])
        #expect(articles.first { $0.title == "Tech story 1" }?.siteName == "Tech & Code")
        #expect(articles.first { $0.title == "World story 2" }?.body.contains("Text of World story 2") == true)
        let read = try store.readLog.load()
        let stars = try store.favorites.load()
        #expect(Set(articles.filter { read.contains($0.id) }.map(\.title)) == ["World story 1", "Tech story 2"])
        #expect(Set(articles.filter { stars.contains($0.id) }.map(\.title)) == ["World story 3"])
        // Nothing of the server's own state went into the journal.
        #expect(try store.syncJournal.snapshot().isEmpty)

        // Syncing again brings nothing new and changes nothing.
        let again = try sync(store, account)
        #expect(again.imported == 0 && again.markedRead == 0 && again.starred == 0)
        #expect(again.summary.contains("nothing new"))

        // A feed added elsewhere later: the next sync asks only for what is new, and gets it.
        sleep(1)
        try server.writeFeed("late.xml", rss("Late", items: [("Late story", "http://news.test/late")]))
        try other.subscribe(server.feedURL("late.xml"), folder: "Technology")
        let later = try sync(store, account)
        #expect(later.imported == 1)
        try store.refresh()
        #expect(try all(store).first { $0.title == "Late story" }?.category == "Technology")
    }

    // MARK: Both ways

    @Test("A star and a read mark made in Gazette reach the server; marks made through the API arrive in Gazette; a change waiting here wins over the server's")
    func bothWays() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: (1...5).map { ("Alpha \($0)", "http://a.test/\($0)") }))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        try store.refresh()
        let byTitle = Dictionary(uniqueKeysWithValues: try all(store).map { ($0.title, $0.id) })
        let serverID = Dictionary(uniqueKeysWithValues: try other.items().map { ($0.title, $0.id) })

        // Here: read Alpha 1, star Alpha 2 (as the reader and the shell do).
        try store.readLog.mark([byTitle["Alpha 1"]!], read: true)
        try store.favorites.set(byTitle["Alpha 2"]!, starred: true)
        #expect(try store.syncJournal.snapshot().changes.count == 2)
        // Elsewhere, meanwhile: Alpha 3 read, Alpha 4 starred, and Alpha 1 starred.
        try other.mark([serverID["Alpha 3"]!], .read, on: true)
        try other.mark([serverID["Alpha 4"]!, serverID["Alpha 1"]!], .starred, on: true)

        let outcome = try sync(store, account)
        #expect(outcome.sent == 2)
        #expect(try store.syncJournal.snapshot().isEmpty)
        // The server has Gazette's changes...
        let unread = try other.ids(unread: true)
        let starred = try other.ids(unread: false)
        #expect(!unread.contains(serverID["Alpha 1"]!))
        #expect(starred.contains(serverID["Alpha 2"]!))
        // ...and Gazette has the server's.
        let read = try store.readLog.load()
        let stars = try store.favorites.load()
        #expect(read.contains(byTitle["Alpha 3"]!))
        #expect(stars == [byTitle["Alpha 1"]!, byTitle["Alpha 2"]!, byTitle["Alpha 4"]!])
        // Both sides agree article by article.
        for (title, id) in byTitle {
            #expect(read.contains(id) == !unread.contains(serverID[title]!), "\(title): read state differs")
            #expect(stars.contains(id) == starred.contains(serverID[title]!), "\(title): star differs")
        }

        // A local change not yet sent wins: unstar here, star there; the sync that sends it
        // leaves it unstarred on both sides (never flipped back by the server's state).
        try store.favorites.set(byTitle["Alpha 4"]!, starred: false)
        try sync(store, account)
        #expect(try !other.ids(unread: false).contains(serverID["Alpha 4"]!))
        #expect(try !store.favorites.load().contains(byTitle["Alpha 4"]!))
        // Marking read twice and unread again sends the last state only.
        try store.readLog.mark([byTitle["Alpha 5"]!], read: true)
        try store.readLog.mark([byTitle["Alpha 5"]!], read: false)
        let last = try sync(store, account)
        #expect(last.sent == 1)
        #expect(try other.ids(unread: true).contains(serverID["Alpha 5"]!))
    }

    @Test("A change made while the server is down waits in the journal, the failure is named, and it arrives once the server is back")
    func serverDown() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: [("Only story", "http://a.test/only")]))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        try store.refresh()
        let id = try all(store)[0].id

        server.stopPHP()
        try store.favorites.set(id, starred: true)
        try store.readLog.mark([id], read: true)
        let failed = try Harness.gazette(["sync", "--store", store.root])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("cannot reach 127.0.0.1"), "\(failed.stderr)")
        #expect(try store.syncJournal.snapshot().changes.count == 2)
        let status = try Harness.gazette(["sync", "status", "--store", store.root])
        #expect(status.stdout.contains("(failed)") && status.stdout.contains("Changes waiting to be sent: 2"), "\(status.stdout)")

        try server.startPHP()
        let ok = try Harness.gazette(["sync", "--store", store.root])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("sent 2 changes"))
        let serverID = try other.items()[0].id
        #expect(try other.ids(unread: false).contains(serverID))
        #expect(try !other.ids(unread: true).contains(serverID))
        #expect(try Harness.gazette(["sync", "status", "--store", store.root]).stdout.contains("Changes waiting to be sent: 0"))
    }

    @Test("The server stopped in the middle of the first sync: the failure is named, nothing is lost, and the next sync completes it")
    func stoppedMidSync() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        for feed in 0..<3 {
            try server.writeFeed("m\(feed).xml", rss("Mid \(feed)", items: (0..<600).map { ("Mid \(feed)-\($0)", "http://mid.test/\(feed)/\($0)") }))
            try other.subscribe(server.feedURL("m\(feed).xml"), folder: "Mid")
        }
        let items = try other.items()
        #expect(items.count == 1800)
        let readThere = Set(items.prefix(700).map(\.id))
        try other.mark(Array(readThere), .read, on: true)
        let (store, account) = try syncedStore(server)
        let source = GoogleReaderSource(api: account.api, user: account.user, password: try account.password())
        let engine = SyncEngine(store: store, account: account, source: source)
        var stopped = false
        engine.progress = { line in
            if !stopped, line.contains(" items…") {
                stopped = true
                server.stopPHP()
            }
        }
        #expect {
            try engine.run()
        } throws: { error in
            (error as? SyncError)?.isConnection == true && "\(error)".contains("cannot reach 127.0.0.1")
        }
        try store.refresh()
        #expect(store.index.count < 1800)
        #expect(SyncFiles(store: store).loadState().lastFailed)

        try server.startPHP()
        let outcome = try sync(store, account)
        try store.refresh()
        #expect(store.index.count == 1800)
        #expect(outcome.summary.contains("new"))
        let read = try store.readLog.load()
        #expect(read.count == 700)
        #expect(try other.ids(unread: true).count == 1100)
    }

    @Test("The reader opens at once with the server down; r says the sync failed and why, keys stay alive, and the local feeds are still fetched")
    func readerWithServerDown() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: [("Synced story", "http://a.test/synced")]))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        server.stopPHP()
        let config = try temporaryStore()
        try server.writeFeed("local.xml", rss("Local", items: [("Local feed story", "http://local.test/1")]))
        #expect(try Harness.gazette(["feeds", "add", server.feedURL("local.xml")], environment: ["XDG_CONFIG_HOME": config]).status == 0)
        let tmux = try TmuxSession(command: "env XDG_CONFIG_HOME=\(config) \(Harness.binary) --store \(store.root)")
        try tmux.waitFor(text: "Synced story")
        try tmux.send("r")
        let failed = try tmux.waitFor(text: "Sync failed: ")
        #expect(failed.contains("cannot reach 127.0.0.1"), "\(failed)")
        try tmux.waitFor(text: "Local feed story")
        try tmux.send("Down")
        try tmux.send("?")
        try tmux.waitFor(text: "Gazette keys")
        try tmux.send("G")
        // The whole line, not only the header: a capture can catch the frame half drawn.
        let help = try tmux.waitFor(text: "sync: cannot reach 127.0.0.1")
        #expect(help.contains("Last fetch (r)"), "\(help)")
        try tmux.send("q")
        try tmux.send("Q")
        try tmux.waitFor(text: "GAZETTE-EXITED 0")
    }

    @Test("SIGKILL right after s in the reader: the star is in the journal and the next sync puts it on the server")
    func killedAfterStar() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: [("Kill test story", "http://a.test/kill")]))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        let tmux = try TmuxSession(command: "\(Harness.binary) --store \(store.root)")
        try tmux.waitFor(text: "Kill test story")
        try tmux.send("Right")
        try tmux.send("s")
        try tmux.waitFor(text: "Starred")
        // The user saw the star: kill Gazette at once, before it could do anything else.
        let pids = try Harness.run("/usr/bin/pgrep", ["-f", "^\(Harness.binary) --store \(store.root)$"]).stdout
        for pid in pids.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        try tmux.waitFor(text: "GAZETTE-EXITED 137")

        let ok = try Harness.gazette(["sync", "--store", store.root])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("sent 1 change"))
        #expect(try other.ids(unread: false) == Set(try other.items().map(\.id)))
    }

    @Test("The same story in two feeds is one article; reading it marks both server items read")
    func sameItemTwoFeeds() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("one.xml", rss("One", items: [("Shared story", "http://s.test/shared"), ("Only in one", "http://s.test/one")]))
        try server.writeFeed("two.xml", rss("Two", items: [("Shared story", "http://s.test/shared")]))
        try other.subscribe(server.feedURL("one.xml"), folder: "One")
        try other.subscribe(server.feedURL("two.xml"), folder: "Two")
        #expect(try other.items().count == 3)
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        try store.refresh()
        let articles = try all(store)
        #expect(articles.map(\.title).sorted() == ["Only in one", "Shared story"])
        let shared = articles.first { $0.title == "Shared story" }!
        try store.readLog.mark([shared.id], read: true)
        try sync(store, account)
        let unread = try other.ids(unread: true)
        #expect(try other.items().filter { $0.title == "Shared story" }.allSatisfy { !unread.contains($0.id) })
        #expect(unread.count == 1)
        // Read again on the server in one feed only: still unread in the other, so unread here.
        try other.mark([try other.items().first { $0.title == "Shared story" }!.id], .read, on: false)
        try sync(store, account)
        #expect(try !store.readLog.load().contains(shared.id))
    }

    @Test("This FreshRSS lists every item as read through items/ids?s=…/read (fixed in 1.27); Gazette never asks that, and unread stays unread")
    func itemsIdsQuirk() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: (1...3).map { ("Story \($0)", "http://q.test/\($0)") }))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let items = try other.items()
        try other.mark([items[0].id], .read, on: true)
        // The quirk is there: the "read" stream holds all three.
        let claimedRead = try other.rawIDs("s=user/-/state/com.google/read")
        #expect(claimedRead.count == 3)
        let (store, account) = try syncedStore(server)
        try sync(store, account)
        try store.refresh()
        let read = try store.readLog.load()
        #expect(read.count == 1)
        #expect(try all(store).filter { read.contains($0.id) }.map(\.title) == [items[0].title])
    }

    @Test("--days 0 brings only unread and starred articles; local articles and feeds stay beside the account's, their read marks never sent; logout keeps the articles")
    func daysLocalAndLogout() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        try server.writeFeed("a.xml", rss("Alpha", items: (1...4).map { ("Story \($0)", "http://d.test/\($0)") }))
        try other.subscribe(server.feedURL("a.xml"), folder: "Alpha")
        let items = try other.items()
        let old = items.filter { $0.title == "Story 1" || $0.title == "Story 2" }.map(\.id)
        try other.mark(old, .read, on: true)
        try other.mark(items.filter { $0.title == "Story 1" }.map(\.id), .starred, on: true)

        // "0 days" counts on the server's clock from the second the sync starts.
        sleep(2)
        let (store, _) = try syncedStore(server)
        let local = NSTemporaryDirectory() + "gazette-local-\(UUID().uuidString).txt"
        try "A local note\n\nWritten here, never on any server.\n".write(toFile: local, atomically: true, encoding: .utf8)
        #expect(try Harness.gazette(["import", "--store", store.root, "--category", "Notes", local]).status == 0)
        let first = try Harness.gazette(["sync", "--days", "0", "--store", store.root])
        #expect(first.status == 0, "\(first.stderr)")
        try store.refresh()
        let titles = Set(try all(store).map(\.title))
        // Story 2 is read and older than 0 days: not brought. Story 1 is read but starred.
        #expect(titles == ["Story 1", "Story 3", "Story 4", "A local note"], "\(titles)")
        let note = try all(store).first { $0.title == "A local note" }!
        #expect(try Harness.gazette(["read", "--store", store.root, note.id.description]).status == 0)
        let second = try Harness.gazette(["sync", "--store", store.root])
        #expect(second.stdout.contains("nothing new"), "\(second.stdout)")
        #expect(try store.syncJournal.snapshot().isEmpty)
        #expect(try store.readLog.load().contains(note.id))

        // Logout with a change waiting is refused; then allowed; articles stay.
        let story3 = try all(store).first { $0.title == "Story 3" }!
        #expect(try Harness.gazette(["star", "--store", store.root, story3.id.description]).status == 0)
        let refused = try Harness.gazette(["sync", "logout", "--store", store.root])
        #expect(refused.status == 1 && refused.stderr.contains("1 changes made here have not reached"), "\(refused.stderr)")
        #expect(try Harness.gazette(["sync", "--store", store.root]).status == 0)
        let out = try Harness.gazette(["sync", "logout", "--store", store.root])
        #expect(out.status == 0 && out.stdout.contains("Its 3 articles stay"), "\(out.stdout)")
        #expect(!FileManager.default.fileExists(atPath: store.root + "/sync"))
        let list = try Harness.gazette(["list", "--store", store.root])
        #expect(list.stdout.contains("Story 3") && list.stdout.contains("A local note"))
        // No account: marks are no longer journaled.
        #expect(try Harness.gazette(["read", "--store", store.root, story3.id.description]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: store.root + "/sync/journal"))
    }

    @Test("10,000 items: the first sync brings them all in pages; 1,000 read marks made here reach the server in one sync")
    func tenThousand() throws {
        let server = try FreshRSSServer()
        let other = try OtherClient(server)
        for feed in 0..<10 {
            try server.writeFeed("f\(feed).xml", rss("Feed \(feed)", items: (0..<1000).map { ("Item \(feed)-\($0)", "http://big.test/\(feed)/\($0)") }))
            try other.subscribe(server.feedURL("f\(feed).xml"), folder: "Folder \(feed % 3)")
        }
        #expect(try other.ids(unread: true).count == 10_000)
        let (store, _) = try syncedStore(server)
        // Time and memory are measured by `gazette-bench sync` (release build), not here.
        let first = try Harness.gazette(["sync", "--store", store.root])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("10000 new"), "\(first.stdout)")
        try store.refresh()
        #expect(store.index.count == 10_000)
        let some = (0..<store.index.count).prefix(1000).map { store.index.summary(at: $0).id }
        try store.readLog.mark(some, read: true)
        let second = try Harness.gazette(["sync", "--store", store.root])
        #expect(second.stdout.contains("sent 1000 changes"), "\(second.stdout)")
        #expect(try other.ids(unread: true).count == 9_000)
    }

    // MARK: Helpers

    func temporaryStore() throws -> String {
        let path = NSTemporaryDirectory() + "gazette-sync-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A store with the account set up as `gazette sync login --password-stdin` leaves it.
    func syncedStore(_ server: FreshRSSServer) throws -> (ArticleStore, Account) {
        let store = try ArticleStore.open(at: try temporaryStore())
        let files = SyncFiles(store: store)
        try files.writePrivate(Array((FreshRSSServer.apiPassword + "\n").utf8), to: files.passwordPath)
        let account = Account(api: server.apiURL, user: FreshRSSServer.user, passwordCommand: nil, passwordFile: files.passwordPath)
        try files.save(account)
        return (store, account)
    }

    @discardableResult
    func sync(_ store: ArticleStore, _ account: Account) throws -> SyncEngine.Outcome {
        let source = GoogleReaderSource(api: account.api, user: account.user, password: try account.password())
        return try SyncEngine(store: store, account: account, source: source).run()
    }

    func all(_ store: ArticleStore) throws -> [Article] {
        try (0..<store.index.count).map { try store.article(at: $0) }
    }

    func rss(_ title: String, items: [(String, String)]) -> String {
        var out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title><link>http://home.test/</link>"
        for (n, (itemTitle, link)) in items.enumerated() {
            out += "<item><title>\(itemTitle)</title><link>\(link)</link><guid>\(link)</guid>"
                + "<description>&lt;p&gt;Text of \(itemTitle).&lt;/p&gt;</description>"
                + "<pubDate>Mon, 01 Jun 2026 \(String(format: "%02d:%02d", (n / 60) % 24, n % 60)):00 GMT</pubDate></item>"
        }
        return out + "</channel></rss>"
    }
}

/// Another client of the same account (a phone, the web page): raw Google Reader API calls,
/// independent of Gazette's client.
final class OtherClient {
    enum Tag { case read, starred }
    let api: String
    let auth: String
    let token: String

    init(_ server: FreshRSSServer) throws {
        api = server.apiURL
        let login = try Self.call(HTTPRequest(url: api + "/accounts/ClientLogin", method: "POST",
                                              headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array("Email=\(FreshRSSServer.user)&Passwd=\(FreshRSSServer.apiPassword)".utf8)))
        guard let line = String(decoding: login.body, as: UTF8.self).split(separator: "\n").first(where: { $0.hasPrefix("Auth=") }) else {
            throw HarnessError("the test client could not log in")
        }
        auth = String(line.dropFirst(5))
        let tokenResponse = try Self.call(HTTPRequest(url: api + "/reader/api/0/token", headers: [("Authorization", "GoogleLogin auth=\(auth)")]))
        token = String(decoding: tokenResponse.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func call(_ request: HTTPRequest) throws -> HTTPResponse {
        var request = request
        request.timeout = 120
        switch HTTPClient.perform(request) {
        case .success(let response):
            guard response.status == 200 else { throw HarnessError("HTTP \(response.status) for \(request.url): \(String(decoding: response.body.prefix(200), as: UTF8.self))") }
            return response
        case .failure(let failure): throw HarnessError("\(request.url): \(failure)")
        }
    }

    func get(_ path: String) throws -> [String: Any] {
        let response = try Self.call(HTTPRequest(url: api + path, headers: [("Authorization", "GoogleLogin auth=\(auth)")]))
        return (try JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    func post(_ path: String, _ form: [(String, String)]) throws {
        let body = (form + [("T", token)]).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        _ = try Self.call(HTTPRequest(url: api + path, method: "POST",
                                      headers: [("Authorization", "GoogleLogin auth=\(auth)"), ("Content-Type", "application/x-www-form-urlencoded")],
                                      body: Array(body.utf8)))
    }

    /// Subscribes (FreshRSS fetches the feed at once) into a folder.
    func subscribe(_ url: String, folder: String) throws {
        try post("/reader/api/0/subscription/edit", [("ac", "subscribe"), ("s", "feed/" + url), ("a", "user/-/label/" + folder)])
    }

    func items() throws -> [(id: UInt64, title: String)] {
        let object = try get("/reader/api/0/stream/contents/user/-/state/com.google/reading-list?n=100000")
        return (object["items"] as? [[String: Any]] ?? []).compactMap { item in
            guard let id = (item["id"] as? String)?.split(separator: "/").last.flatMap({ UInt64($0, radix: 16) }) else { return nil }
            return (id, item["title"] as? String ?? "")
        }
    }

    func mark(_ ids: [UInt64], _ tag: Tag, on: Bool) throws {
        guard !ids.isEmpty else { return }
        let state = tag == .read ? "user/-/state/com.google/read" : "user/-/state/com.google/starred"
        try post("/reader/api/0/edit-tag", ids.map { ("i", "\($0)") } + [(on ? "a" : "r", state)])
    }

    /// Unread ids, or starred ids (`unread: false`), the way that works on every version.
    func ids(unread: Bool) throws -> Set<UInt64> {
        try rawIDs("s=user/-/state/com.google/reading-list&" + (unread ? "xt=user/-/state/com.google/read" : "it=user/-/state/com.google/starred"))
    }

    func rawIDs(_ query: String) throws -> Set<UInt64> {
        let object = try get("/reader/api/0/stream/items/ids?n=100000&" + query)
        return Set((object["itemRefs"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? String).flatMap { UInt64($0) } })
    }
}

@Suite("Google Reader API answers, read without a server")
struct GoogleReaderParsingTests {
    @Test("items/ids answers are read from their bytes: string or number ids, spaces, a continuation, an empty page; anything else is refused")
    func scanIDs() throws {
        let page = GoogleReaderSource.scanIDs(Array(#"{"itemRefs": [ {"id" : "1796310752138043"}, {"id":17},{"directStreamIds":[],"id":"tag:google.com,2005:reader/item/000661bc3049933b"}], "continuation":"99"}"#.utf8))
        #expect(page?.ids == [1_796_310_752_138_043, 17, 0x000661bc3049933b])
        #expect(page?.continuation == "99")
        #expect(GoogleReaderSource.scanIDs(Array(#"{"itemRefs":[]}"#.utf8))?.ids == [])
        #expect(GoogleReaderSource.scanIDs(Array("{}".utf8))?.ids == [])
        #expect(GoogleReaderSource.scanIDs(Array("<html>Login</html>".utf8)) == nil)
    }

    @Test("An item's folder is its feed's category, else the account's own; its id is its link's unless the link is only the feed's home page")
    func itemsAsArticles() throws {
        let root = NSTemporaryDirectory() + "gazette-items-\(UUID().uuidString)"
        let store = try ArticleStore.open(at: root)
        let account = Account(api: "https://rss.example.org/api/greader.php", user: "alice", passwordCommand: nil, passwordFile: nil)
        let engine = SyncEngine(store: store, account: account, source: GoogleReaderSource(api: account.api, user: "alice", password: "x"))
        let item = RemoteItem(id: 42, feedID: "feed/1", feedTitle: "Site", title: "A story", author: nil, published: nil,
                              crawled: Date(timeIntervalSince1970: 1_700_000_000), url: "https://site.test/story", html: "<p>Text</p>",
                              read: false, starred: false)
        let feed = RemoteFeed(id: "feed/1", title: "Site", folder: nil, url: "https://site.test/feed", siteURL: "https://site.test/")
        let article = engine.article(from: item, feed: feed, known: nil)
        #expect(article.category == "rss.example.org")
        #expect(article.siteName == "Site")
        #expect(article.id == ArticleID.forURL("https://site.test/story"))
        #expect(article.body == "Text")
        var homeOnly = item
        homeOnly.url = "https://site.test/"
        var other = homeOnly
        other.id = 43
        #expect(engine.article(from: homeOnly, feed: feed, known: nil).id != engine.article(from: other, feed: feed, known: nil).id)
        var inFolder = feed
        inFolder.folder = "Tech"
        inFolder.url = "/etc/passwd.xml"
        #expect(engine.article(from: item, feed: inFolder, known: nil).category == "Tech")
        #expect(engine.article(from: item, feed: inFolder, known: nil).source == account.api)
    }

    @Test("A password command that never finishes is stopped and named; one that fails says its status; the first line is the password")
    func passwordCommand() throws {
        #expect(try Account.run("printf 'secret\\nsecond line\\n'") == "secret")
        #expect(throws: SyncError.self) { try Account.run("echo oops >&2; exit 4") }
        let start = Date()
        #expect {
            try Account.run("sleep 30", timeout: 0.5)
        } throws: { error in
            "\(error)".contains("did not finish in 0 s")
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test("FreshRSS's full-width & < > in titles come back as & < >; entities are decoded; CJK full-width punctuation stays")
    func plainTitles() {
        #expect(GoogleReaderSource.plain("Tech ＆ Code ＜3") == "Tech & Code <3")
        #expect(GoogleReaderSource.plain("Fish &amp; Chips") == "Fish & Chips")
        #expect(GoogleReaderSource.plain("東京，大阪？") == "東京，大阪？")
    }
}

@Suite("A hostile Google Reader server")
struct HostileAccountTests {
    @Test("A server that never stops paging is stopped at the bound with the reason; what it sent is kept without a control character, its feed address is not a local path, its folder stays inside the store")
    func hostileServer() throws {
        let server = try LocalFeedServer()
        let root = NSTemporaryDirectory() + "gazette-hostile-\(UUID().uuidString)"
        let store = try ArticleStore.open(at: root)
        let account = Account(api: server.url("/greader"), user: "mallory", passwordCommand: nil, passwordFile: nil)
        try SyncFiles(store: store).save(account)
        let source = GoogleReaderSource(api: account.api, user: account.user, password: "any")
        source.maxPages = 40
        #expect {
            try SyncEngine(store: store, account: account, source: source).run()
        } throws: { error in
            "\(error)".contains("kept sending pages")
        }
        try store.refresh()
        #expect(store.index.count == 40)
        func clean(_ text: String?) -> Bool {
            (text ?? "").unicodeScalars.allSatisfy { s in
                s == "\n" || s == "\t" || !(s.value < 0x20 || (0x7F...0x9F).contains(s.value))
            }
        }
        for position in 0..<store.index.count {
            let article = try store.article(at: position)
            #expect(clean(article.title) && clean(article.author) && clean(article.category) && clean(article.siteName) && clean(article.body),
                    "\(article.title.debugDescription)")
            #expect(!article.body.contains("alert(1)"))
            #expect(article.source == account.api)
        }
        // Every article file is inside the store's articles folder.
        let files = FileManager.default.enumerator(atPath: store.articlesDir)?.allObjects as? [String] ?? []
        #expect(files.filter { $0.hasSuffix(".json") }.count == 40)
        #expect(try FileSystem.list(root).sorted() == [".index", ".lock", "articles", "sync", "tmp"].sorted())
    }
}
