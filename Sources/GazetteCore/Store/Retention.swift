import Foundation

/// What piles up: `max-items` (per feed) and `keep-articles-days`. Only articles that came
/// from the web (a feed or an account: their source is an http(s) address) are removed,
/// never starred ones and never imported files. Removed feed items are remembered
/// (`deleted.log`), so the next fetch does not bring them back.
public enum Retention {
    public struct Policy: Sendable, Equatable {
        /// Per feed, the newest this many stay (nil or 0: no limit).
        public var maxItems: Int?
        /// Articles older than this many days go (nil or 0: kept for ever).
        public var keepDays: Int?
        public init(maxItems: Int? = nil, keepDays: Int? = nil) {
            self.maxItems = maxItems
            self.keepDays = keepDays
        }
        public var isEmpty: Bool { (maxItems ?? 0) <= 0 && (keepDays ?? 0) <= 0 }
    }

    public struct Result: Sendable, Equatable {
        public var removed = 0
        /// Starred articles the policy would have removed.
        public var starredKept = 0
    }

    /// Applies the policy to the whole store, or to the folders named.
    /// `perFeed`: feeds (by URL) with a `max-items` of their own (the OPML attribute).
    public static func apply(_ policy: Policy, store: ArticleStore, now: Date = WallClock.now(),
                             categories: Set<String>? = nil, perFeed: [String: Int] = [:]) throws(StoreError) -> Result {
        var result = Result()
        guard !policy.isEmpty || perFeed.values.contains(where: { $0 > 0 }) else { return result }
        try store.refresh(waitForLock: true)
        let starred = try store.favorites.load()
        let cutoff = (policy.keepDays ?? 0) > 0 ? now.addingTimeInterval(-Double(policy.keepDays!) * 86_400) : nil
        let globalLimit = (policy.maxItems ?? 0) > 0 ? policy.maxItems! : nil
        let limit: Int? = globalLimit ?? (perFeed.values.contains { $0 > 0 } ? Int.max : nil)
        var byFeed: [String: [(id: ArticleID, date: Date)]] = [:]
        var victims = Set<ArticleID>()
        for position in 0..<store.index.count {
            let summary = store.index.summary(at: position)
            if let categories, !categories.contains(summary.category) { continue }
            let old = cutoff.map { summary.date < $0 } ?? false
            // Only what may go is read from disk: everything for a per-feed limit, else the old.
            guard limit != nil || old else { continue }
            guard let article = try? store.article(at: position), let source = article.source,
                  source.hasPrefix("http://") || source.hasPrefix("https://") else { continue }
            if old {
                if starred.contains(summary.id) { result.starredKept += 1 } else { victims.insert(summary.id) }
            }
            if limit != nil { byFeed[source, default: []].append((summary.id, summary.date)) }
        }
        if limit != nil {
            for (feed, items) in byFeed {
                // The feed's own limit (0: none) over the config's.
                let own = perFeed[feed].map { $0 > 0 ? $0 : Int.max } ?? globalLimit ?? Int.max
                guard items.count > own else { continue }
                for item in items.sorted(by: { $0.date > $1.date }).dropFirst(own) where !victims.contains(item.id) {
                    if starred.contains(item.id) { result.starredKept += 1 } else { victims.insert(item.id) }
                }
            }
        }
        guard !victims.isEmpty else { return result }
        result.removed = try store.delete(victims).count
        return result
    }
}

/// Ids of deleted articles, so a feed that still lists them does not bring them back
/// (`<store>/deleted.log`, one id a line, appended).
public struct DeletedLog: Sendable {
    public let path: String
    let lockPath: String
    let tmpDir: String
    init(store: ArticleStore) {
        path = store.root + "/deleted.log"
        lockPath = store.lockPath
        tmpDir = store.tmpDir
    }

    public func load() -> Set<ArticleID> {
        guard let bytes = try? FileSystem.read(path, limit: 256 << 20) else { return [] }
        var ids = Set<ArticleID>()
        for line in bytes.split(separator: 10) where line.count == 16 {
            if let id = ArticleID(String(decoding: line, as: UTF8.self)) { ids.insert(id) }
        }
        return ids
    }

    /// Takes ids off the list (an undone deletion), under the store lock.
    public func forget(_ ids: Set<ArticleID>) throws(StoreError) {
        guard !ids.isEmpty, FileSystem.exists(path) else { return }
        let lock = try FileLock(path: lockPath, purpose: "undelete")
        defer { lock.unlock() }
        let kept = load().subtracting(ids)
        try FileSystem.makeDirectory(tmpDir)
        try FileSystem.writeAtomically(Array(kept.sorted().map { "\($0)\n" }.joined().utf8), to: path, tmpDir: tmpDir)
    }

    func remember(_ ids: Set<ArticleID>) throws(StoreError) {
        guard !ids.isEmpty else { return }
        try FileSystem.append(Array(ids.sorted().map { "\($0)\n" }.joined().utf8), to: path, startingLine: true)
    }
}
