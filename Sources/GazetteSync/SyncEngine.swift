import Foundation
import GazetteCore

/// One two-way sync: send what was changed here (the journal), then bring what changed on
/// the server (new items, then the unread and starred id lists), local changes still
/// waiting winning over the server's state.
public final class SyncEngine {
    public struct Outcome: Sendable, Equatable {
        public var sent = 0
        public var imported = 0
        public var updated = 0
        public var markedRead = 0
        public var markedUnread = 0
        public var starred = 0
        public var unstarred = 0
        public var summary = ""
    }

    let store: ArticleStore
    let files: SyncFiles
    let account: Account
    let source: AccountSource
    let journal: SyncJournal
    /// What is going on, for a progress line ("Syncing alice@host: 1,500 items…").
    public var progress: (String) -> Void = { _ in }
    /// Read articles of this many days on the first sync (nil: the account's setting).
    public var days: Int?

    public init(store: ArticleStore, account: Account, source: AccountSource) {
        self.store = store
        self.files = SyncFiles(store: store)
        self.account = account
        self.source = source
        self.journal = store.syncJournal
    }

    public func run() throws(SyncError) -> Outcome {
        guard let lock = try? FileLock.acquire(path: files.lockPath, wait: false, purpose: "sync") else {
            throw SyncError("another sync of this store is running")
        }
        defer { lock.unlock() }
        var state = files.loadState()
        state.lastAttempt = WallClock.now()
        do {
            let outcome = try sync(&state)
            state.lastSuccess = state.lastAttempt
            state.lastResult = outcome.summary
            state.lastFailed = false
            try? files.save(state)
            return outcome
        } catch {
            state.lastResult = error.description
            state.lastFailed = true
            try? files.save(state)
            throw error
        }
    }

    private func sync(_ state: inout SyncState) throws(SyncError) -> Outcome {
        var outcome = Outcome()
        progress("Syncing \(account.name)…")
        try source.login()
        var map = files.loadMap()

        outcome.sent = try sendJournal(map: map)

        let feeds = Dictionary(try source.feeds().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var newest = state.newestCrawl ?? 0
        var seen = 0
        // The server's time at its first answer: everything crawled before it is here after
        // this sync, so the next one asks from then on (the same second again, to be sure).
        var startedAt: Date?
        // Pages are saved a few thousand articles at a time: each import syncs the
        // filesystem once and rewrites the index once.
        var articles: [Article] = []
        var pairs: [(UInt64, ArticleID)] = []
        func save() throws(SyncError) {
            guard !articles.isEmpty else { return }
            do {
                let report = try Importer(store: store).importArticles(articles)
                outcome.imported += report.imported
                outcome.updated += report.updated
                try files.append(pairs)
            } catch {
                throw SyncError("could not save the account's articles: \(error.description)")
            }
            articles.removeAll(keepingCapacity: true)
            pairs.removeAll(keepingCapacity: true)
        }
        func importPage(_ items: [RemoteItem]) throws(SyncError) {
            if startedAt == nil { startedAt = source.serverTime }
            guard !items.isEmpty else { return }
            // An item already here is skipped: asking from the second the last sync started
            // brings that second's items again (and a server item's id never changes).
            for item in items where map.article[item.id] == nil {
                let article = self.article(from: item, feed: feeds[item.feedID], known: nil)
                articles.append(article)
                if map.add(item.id, article.id) { pairs.append((item.id, article.id)) }
                newest = max(newest, item.crawled.timeIntervalSince1970)
            }
            if articles.count >= Importer.batchSize { try save() }
            seen += items.count
            progress("Syncing \(account.name): \(seen) items…")
        }
        func fetchItems() throws(SyncError) {
            if let since = state.newestCrawl {
                // Everything new since the last sync started (the same second again: items
                // crawled in it after the last sync asked).
                try source.items(.crawledSince(Date(timeIntervalSince1970: since.rounded(.down))), page: importPage)
            } else {
                // First sync: every item of the last `days` days, read or not, then the unread
                // and starred ones from before (counted on the server's clock).
                let days = self.days ?? account.days
                let cutoff = (source.serverTime ?? WallClock.now()).addingTimeInterval(-Double(days) * 86_400)
                try source.items(.crawledSince(cutoff), page: importPage)
                try source.items(.unread(before: cutoff.addingTimeInterval(1)), page: importPage)
                try source.items(.starred(before: cutoff.addingTimeInterval(1)), page: importPage)
            }
        }
        do {
            try fetchItems()
        } catch {
            // What came before the failure is kept; the next sync asks again from the same point.
            try? save()
            throw error
        }
        try save()

        let unread = try source.ids(.unread)
        let starred = try source.ids(.starred)
        // Unread or starred on the server but never seen here (an old item marked unread or
        // starred elsewhere): fetch those items too.
        let missing = unread.union(starred).filter { map.article[$0] == nil }.sorted()
        if !missing.isEmpty {
            try importPage(try source.items(ids: missing))
            try save()
        }

        try apply(unread: unread, starred: starred, map: map, outcome: &outcome)
        state.newestCrawl = startedAt?.timeIntervalSince1970 ?? (newest > 0 ? newest : state.newestCrawl)
        outcome.summary = Self.summary(outcome, account: account)
        return outcome
    }

    /// Sends the last change of each article and kind; removes from the journal exactly what
    /// the server confirmed (and changes to articles that are not the account's).
    private func sendJournal(map: ItemMap) throws(SyncError) -> Int {
        let snapshot: SyncJournal.Snapshot
        do { snapshot = try journal.snapshot() } catch { throw SyncError(error.description) }
        guard !snapshot.isEmpty else { return 0 }
        struct Group: Hashable { var tag: StateChange.Tag; var on: Bool }
        var groups: [Group: (ids: [UInt64], changes: [SyncJournal.Change])] = [:]
        var done = Set<SyncJournal.Change>()
        for change in snapshot.changes {
            guard let servers = map.servers[change.article] else {
                done.insert(change)  // a local article: nothing to send
                continue
            }
            let group = Group(tag: change.kind == .read ? .read : .starred, on: change.on)
            groups[group, default: ([], [])].ids += servers
            groups[group, default: ([], [])].changes.append(change)
        }
        var sent = 0
        var failure: SyncError?
        // Stars first: they matter most.
        let order = groups.keys.sorted { ($0.tag == .starred ? 0 : 1, $0.on ? 0 : 1) < ($1.tag == .starred ? 0 : 1, $1.on ? 0 : 1) }
        for group in order {
            let (ids, changes) = groups[group]!
            progress("Syncing \(account.name): sending \(changes.count) changes…")
            do {
                try source.send(StateChange(tag: group.tag, on: group.on, ids: ids))
                done.formUnion(changes)
                sent += changes.count
            } catch {
                failure = error
                break
            }
        }
        do { try journal.remove(sent: done, upTo: snapshot.length) } catch {
            throw SyncError("sent \(sent) changes, but could not update the journal: \(error.description)")
        }
        if let failure { throw SyncError("\(failure.description) (\(snapshot.changes.count - done.count) changes wait for the next sync)", isConnection: failure.isConnection) }
        return sent
    }

    /// Makes every synced article's read and starred state the server's, except where a
    /// change made here is still waiting to be sent.
    private func apply(unread: Set<UInt64>, starred: Set<UInt64>, map: ItemMap, outcome: inout Outcome) throws(SyncError) {
        do {
            let localRead = try store.readLog.load()
            let localStars = try store.favorites.load()
            let waiting = journal.waiting()
            var toRead: [ArticleID] = []
            var toUnread: [ArticleID] = []
            var star = Set<ArticleID>()
            var unstar = Set<ArticleID>()
            for (article, servers) in map.servers where store.index.position(of: article) != nil {
                let isRead = !servers.contains(where: unread.contains)
                let isStarred = servers.contains(where: starred.contains)
                if isRead != localRead.contains(article), !waiting.contains(SyncJournal.Key(article, .read)) {
                    if isRead { toRead.append(article) } else { toUnread.append(article) }
                }
                if isStarred != localStars.contains(article), !waiting.contains(SyncJournal.Key(article, .starred)) {
                    if isStarred { star.insert(article) } else { unstar.insert(article) }
                }
            }
            try store.readLog.mark(toRead.sorted(), read: true, journal: false)
            try store.readLog.mark(toUnread.sorted(), read: false, journal: false)
            if !star.isEmpty || !unstar.isEmpty {
                // Asked again under the store lock: a star made this instant stays.
                try store.favorites.applyUnjournaled(star: star, unstar: unstar) {
                    Set(journal.waiting().filter { $0.kind == .starred }.map(\.article))
                }
            }
            outcome.markedRead = toRead.count
            outcome.markedUnread = toUnread.count
            outcome.starred = star.count
            outcome.unstarred = unstar.count
        } catch {
            throw SyncError("could not save the account's read marks and stars: \(error.description)")
        }
    }

    /// One server item as an article. Its id: the one it already has here, else its link's
    /// (the same story in two feeds, or seen again under a new server id, is one article),
    /// else the server's id.
    func article(from item: RemoteItem, feed: RemoteFeed?, known: ArticleID?) -> Article {
        let link = item.url.flatMap { $0.isEmpty ? nil : $0 }
        // A link that is only the feed's home page does not tell items apart.
        let distinct = link.flatMap { link in
            feed?.siteURL.map { ArticleID.canonicalURL($0) == ArticleID.canonicalURL(link) } == true ? nil : link
        }
        let id = known ?? distinct.map(ArticleID.forURL) ?? ArticleID.forGUID(String(item.id), feed: account.api)
        var (body, rich) = HTMLText.convertRich(item.html, base: link)
        if body.isEmpty { body = link.map { "Link: \($0)" } ?? item.title; rich = nil }
        let title = item.title.isEmpty ? (link ?? "(untitled)") : item.title
        var article = Article(id: id, title: title, category: feed?.folder ?? account.folder, author: item.author,
                              published: item.published, url: link, body: "",
                              siteName: feed?.title ?? item.feedTitle, source: Self.webAddress(feed?.url) ?? account.api,
                              importedAt: item.crawled)
        article.setText(body, rich: rich)
        return article.sanitized()
    }

    /// The feed's address when it is a web address (a server may say anything).
    static func webAddress(_ text: String?) -> String? {
        guard let text, let scheme = URL(string: text)?.scheme?.lowercased(), scheme == "http" || scheme == "https" else { return nil }
        return text
    }

    static func summary(_ o: Outcome, account: Account) -> String {
        var parts: [String] = []
        if o.sent > 0 { parts.append("sent \(o.sent) change\(o.sent == 1 ? "" : "s")") }
        if o.imported > 0 { parts.append("\(o.imported) new") }
        if o.updated > 0 { parts.append("\(o.updated) updated") }
        var states: [String] = []
        if o.markedRead > 0 { states.append("\(o.markedRead) read") }
        if o.markedUnread > 0 { states.append("\(o.markedUnread) unread") }
        if o.starred > 0 { states.append("\(o.starred) starred") }
        if o.unstarred > 0 { states.append("\(o.unstarred) unstarred") }
        if !states.isEmpty { parts.append("from the server " + states.joined(separator: ", ")) }
        return "Synced \(account.name): " + (parts.isEmpty ? "nothing new" : parts.joined(separator: "; "))
    }
}
