import Foundation

/// The full-text index: `<store>/.index/search.db`, SQLite FTS5 over every article's title,
/// author, feed, folder and text. Derived like the rest of `.index/`: the importer keeps it
/// current, and `reconcile` adds what it lacks and drops what the store no longer has, so a
/// deleted or damaged file only costs a rebuild.
public final class SearchIndex {
    public let path: String
    let db: SQLiteDatabase

    /// The schema's version: another one is dropped and rebuilt.
    static let version = "4"
    /// Above this many matches, "best first" lists newest first (ranking them all would take
    /// longer than a screen may).
    public var rankLimit = 20_000
    /// Text beyond this much of an article is not indexed (a hostile 100 MB body).
    public static let maxBodyBytes = 256 << 10

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func path(storeRoot: String) -> String { storeRoot + "/.index/search.db" }

    /// The file opened (device, inode): another one at the path (deleted and rebuilt by
    /// another process, or deleted by hand) means this connection reads a ghost.
    private var identity: (UInt64, UInt64)?

    /// Whether the file at the path is still the one this index opened.
    public var isCurrent: Bool {
        var st = stat()
        guard stat(path, &st) == 0, let identity else { return false }
        return (UInt64(st.st_dev), UInt64(st.st_ino)) == identity
    }

    /// Opens (creating) the index of a store. A file that is not a usable index is replaced.
    public init(storeRoot: String) throws(Failure) {
        path = Self.path(storeRoot: storeRoot)
        do {
            try FileSystem.makeDirectories((path as NSString).deletingLastPathComponent)
        } catch {
            throw Failure(description: error.description)
        }
        do {
            db = try Self.openSchema(path)
        } catch {
            // Damaged or of another version: start over (it is derived).
            for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
            do { db = try Self.openSchema(path) } catch { throw Failure(description: "\(path): \(error)") }
        }
        var st = stat()
        if stat(path, &st) == 0 { identity = (UInt64(st.st_dev), UInt64(st.st_ino)) }
    }

    static func openSchema(_ path: String) throws -> SQLiteDatabase {
        let db = try SQLiteDatabase(readWrite: path)
        // WAL: the reader searches while an import writes.
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT)")
        var version: String?
        try db.query("SELECT value FROM meta WHERE key = 'version'") { version = $0.text(0) }
        if version != Self.version {
            try db.execute("""
                DROP TABLE IF EXISTS docs;
                DROP TABLE IF EXISTS current;
                CREATE VIRTUAL TABLE docs USING fts5(title, author, feed, folder, body, content = '',
                    tokenize = 'unicode61 remove_diacritics 2');
                CREATE TABLE current(id INTEGER PRIMARY KEY, doc INTEGER NOT NULL);
                INSERT OR REPLACE INTO meta(key, value) VALUES('version', '\(Self.version)');
                INSERT OR REPLACE INTO meta(key, value) VALUES('next', '1');
                INSERT OR REPLACE INTO meta(key, value) VALUES('garbage', '0');
                """)
        }
        // Proves the tables are readable (a damaged file fails here, not in the middle of a search).
        try db.query("SELECT count(*) FROM current") { _ in }
        return db
    }

    func meta(_ key: String) throws -> Int64 {
        var value: Int64 = 0
        try db.query("SELECT value FROM meta WHERE key = ?", [.text(key)]) { value = Int64($0.text(0) ?? "") ?? 0 }
        return value
    }

    func setMeta(_ key: String, _ value: Int64) throws {
        try db.query("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", [.text(key), .text(String(value))]) { _ in }
    }

    static func rowid(_ id: ArticleID) -> Int64 { Int64(bitPattern: id.rawValue) }
    static func id(_ rowid: Int64) -> ArticleID { ArticleID(rawValue: UInt64(bitPattern: rowid)) }

    /// The text an article is found by: its body without the list of link addresses (every
    /// article would match "https"), at most `maxBodyBytes`.
    static func searchableBody(_ article: Article) -> String {
        var body = Substring(article.body)
        // The references come last, after a blank line.
        if let list = Article.linksListStart(article.body), list > body.startIndex, body[list...].hasPrefix("Links:\n[1] ") {
            body = body[..<body.utf8.index(list, offsetBy: -2)]
        }
        if body.utf8.count > maxBodyBytes {
            // Cut on bytes; a character cut in two becomes U+FFFD, which no search asks for.
            return SearchQuery.indexable(String(decoding: body.utf8.prefix(maxBodyBytes), as: UTF8.self))
        }
        return SearchQuery.indexable(String(body))
    }

    /// Adds or replaces articles, in one transaction. The index is contentless (it holds no
    /// copy of the text, a third of its size): a new version of an article is a new document
    /// and `current` says which one is live, so nothing is ever deleted from the full-text
    /// table itself; the dead documents are counted and the index is rebuilt when they
    /// outnumber the live ones.
    public func update(_ articles: [Article]) throws(Failure) {
        guard !articles.isEmpty else { return }
        do {
            try db.execute("BEGIN")
            var next = try meta("next")
            var garbage = try meta("garbage")
            let insert = try db.statement("INSERT INTO docs(rowid, title, author, feed, folder, body) VALUES(?, ?, ?, ?, ?, ?)")
            let live = try db.statement("INSERT OR REPLACE INTO current(id, doc) VALUES(?, ?)")
            var known = Set<Int64>()
            try db.query("SELECT id FROM current WHERE id IN (\(articles.map { String(Self.rowid($0.id)) }.joined(separator: ",")))") {
                known.insert($0.int(0))
            }
            for a in articles {
                let rowid = Self.rowid(a.id)
                if known.contains(rowid) { garbage += 1 }
                try insert.run([.int(next), .text(SearchQuery.indexable(a.title)), .text(SearchQuery.indexable(a.author ?? "")),
                                .text(SearchQuery.indexable(a.siteName ?? "")), .text(SearchQuery.indexable(a.category)),
                                .text(Self.searchableBody(a))])
                try live.run([.int(rowid), .int(next)])
                next += 1
            }
            try setMeta("next", next)
            try setMeta("garbage", garbage)
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw Failure(description: "\(error)")
        }
    }

    public func remove(_ ids: [ArticleID]) throws(Failure) {
        guard !ids.isEmpty else { return }
        do {
            try db.execute("BEGIN")
            let delete = try db.statement("DELETE FROM current WHERE id = ?")
            for id in ids { try delete.run([.int(Self.rowid(id))]) }
            try setMeta("garbage", try meta("garbage") + Int64(ids.count))
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw Failure(description: "\(error)")
        }
    }

    /// Starts over empty (reconcile then adds every article).
    func reset() throws(Failure) {
        do {
            try db.execute("BEGIN; DELETE FROM current; INSERT INTO docs(docs) VALUES('delete-all'); COMMIT;")
            try setMeta("garbage", 0)
        } catch {
            try? db.execute("ROLLBACK")
            throw Failure(description: "\(error)")
        }
    }

    /// Every article the index holds.
    public func ids() throws(Failure) -> Set<ArticleID> {
        var out = Set<ArticleID>()
        do { try db.query("SELECT id FROM current") { out.insert(Self.id($0.int(0))) } } catch { throw Failure(description: "\(error)") }
        return out
    }

    /// Brings the index in line with the store's: articles it lacks are read and added
    /// (`progress` hears how many of how many), articles the store no longer has removed.
    /// Returns how many were added.
    @discardableResult
    public func reconcile(with index: StoreIndex, load: (Int) -> Article?, progress: ((Int, Int) -> Void)? = nil) throws(Failure) -> Int {
        // Mostly dead documents: start over rather than carry them.
        do {
            let garbage = try meta("garbage")
            var live: Int64 = 0
            try db.query("SELECT count(*) FROM current") { live = $0.int(0) }
            if garbage > max(10_000, live) { try reset() }
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(description: "\(error)")
        }
        let have = try ids()
        var wanted = Set<ArticleID>()
        wanted.reserveCapacity(index.count)
        var missing: [Int] = []
        for (p, e) in index.entries.enumerated() {
            wanted.insert(e.id)
            if !have.contains(e.id) { missing.append(p) }
        }
        try remove(Array(have.subtracting(wanted)))
        var batch: [Article] = []
        for (n, p) in missing.enumerated() {
            if let article = load(p) { batch.append(article) }
            if batch.count >= 500 || n == missing.count - 1 {
                try update(batch)
                batch.removeAll(keepingCapacity: true)
                progress?(n + 1, missing.count)
            }
        }
        return missing.count
    }

    /// The live documents and their articles, read once and again when the file changed
    /// (another process's import): mapping matches in memory beats a join by 10-20 ms at
    /// 100,000 matches.
    private var live: [Int64: ArticleID] = [:]
    private var liveVersion: Int64 = -1

    func liveDocuments() throws -> [Int64: ArticleID] {
        var version: Int64 = 0
        try db.query("PRAGMA data_version") { version = $0.int(0) }
        var next: Int64 = 0
        try db.query("SELECT value FROM meta WHERE key = 'next'") { next = Int64($0.text(0) ?? "") ?? 0 }
        // data_version changes with other connections' commits; `next` with ours.
        let stamp = version << 40 ^ next
        if stamp != liveVersion {
            var map = [Int64: ArticleID](minimumCapacity: live.count)
            try db.query("SELECT doc, id FROM current") { map[$0.int(0)] = Self.id($0.int(1)) }
            live = map
            liveVersion = stamp
        }
        return live
    }

    /// The ids of the articles whose text matches the query's words, phrases and fields
    /// (filters on read marks, stars and dates are the caller's): best matches first when
    /// `ranked`, else in no particular order (the caller sorts by date). Nil when the query
    /// asks nothing of the text.
    public func search(_ query: SearchQuery, ranked: Bool = true) throws(Failure) -> [ArticleID]? {
        guard let docs = try documents(query, ranked: ranked) else { return nil }
        do {
            let live = try liveDocuments()
            return docs.compactMap { live[$0] }
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    /// The live documents matching the query's text (see `search`), as document rowids.
    func documents(_ query: SearchQuery, ranked: Bool) throws(Failure) -> [Int64]? {
        let (positive, negative) = query.matchExpressions
        guard positive != nil || negative != nil else { return nil }
        do {
            if let expression = Self.textExpression(query) {
                return try Self.matches(expression, ranked: ranked, on: db)
            } else if let negative {
                // Only exclusions: every live document but those.
                let excluded = Set(try db.integers("SELECT rowid FROM docs WHERE docs MATCH ?", [.text(negative)]))
                return try liveDocuments().keys.filter { !excluded.contains($0) }
            }
        } catch {
            throw Failure(description: "\(error)")
        }
        return nil
    }

    /// The MATCH expression of a query with words to find (nil: none, only exclusions).
    /// Exclusions are inside it (FTS5's NOT), so only what is left is ranked ("inflation
    /// -market" once ranked all 99,000 articles with "inflation" first).
    static func textExpression(_ query: SearchQuery) -> String? {
        let (positive, negative) = query.matchExpressions
        guard let positive else { return nil }
        return negative.map { "(\(positive)) NOT (\($0))" } ?? positive
    }

    static func matches(_ expression: String, ranked: Bool, on db: SQLiteDatabase) throws -> [Int64] {
        try db.integers("SELECT rowid FROM docs WHERE docs MATCH ?" + (ranked ? " ORDER BY rank" : ""), [.text(expression)])
    }

    /// A second connection for ranking while the first lists the matches (opened on the
    /// first "best first" search; nil when it cannot be).
    private lazy var rankingDB: SQLiteDatabase? = try? SQLiteDatabase(readWrite: path)

    /// Best-first ordering on the second connection, on another core: ranking and listing
    /// every match run side by side, and the ranking is stopped when there are too many.
    private final class RankingPass: @unchecked Sendable {
        private let db: SQLiteDatabase
        private let done = DispatchGroup()
        private var result: [Int64]?

        init(_ expression: String, on db: SQLiteDatabase) {
            self.db = db
            done.enter()
            DispatchQueue.global(qos: .userInitiated).async {
                self.result = try? SearchIndex.matches(expression, ranked: true, on: self.db)
                self.done.leave()
            }
        }

        /// The matches best first; nil when stopped or failed.
        func wait() -> [Int64]? {
            done.wait()
            return result
        }

        func stop() -> [Int64]? {
            db.interrupt()
            return wait()
        }
    }

    /// Each document rowid's position in the store's index (-1: dead, or not in the
    /// store), for the index and the documents as they are; built again when either changes.
    /// An array, not a dictionary: 100,000 matches map in well under a millisecond.
    private var docPositions: [Int32] = []
    private var docPositionsLive: Int64 = -1
    private weak var docPositionsIndex: AnyObject?

    func documentPositions(in index: StoreIndex) throws -> [Int32]? {
        let live = try liveDocuments()
        if docPositionsLive == liveVersion, let built = docPositionsIndex, built === index.identity { return docPositions }
        // Rowids count up from 1 and start over when the index is rebuilt; a file with wild
        // ones (damaged, or not ours) is mapped through the dictionaries instead.
        let maxDoc = live.keys.max() ?? 0
        guard maxDoc >= 0, maxDoc <= Int64(live.count) * 4 + 1_000_000 else { return nil }
        let position = index.positionsByID
        var map = [Int32](repeating: -1, count: Int(maxDoc) + 1)
        for (doc, id) in live { if let p = position[id] { map[Int(doc)] = Int32(p) } }
        docPositions = map
        docPositionsLive = liveVersion
        docPositionsIndex = index.identity
        return map
    }
}

extension SearchIndex {
    /// The index positions matching a query: its text through the full-text index, then its
    /// filters (read, starred, dates) on the store's index. Best matches first, or newest
    /// first; a query of filters alone lists newest first.
    public func positions(_ query: SearchQuery, in index: StoreIndex, read: Set<ArticleID>, starred: Set<ArticleID>,
                          newestFirst: Bool) throws(Failure) -> [Int] {
        try answer(query, in: index, read: read, starred: starred, newestFirst: newestFirst).positions
    }

    /// What a search finds, and whether it is best first (asked, and within `rankLimit`).
    public struct Answer: Equatable, Sendable {
        public var positions: [Int]
        public var ranked: Bool
        public init(positions: [Int], ranked: Bool) {
            self.positions = positions
            self.ranked = ranked
        }
    }

    /// `positions`, saying whether the list came out best first.
    public func answer(_ query: SearchQuery, in index: StoreIndex, read: Set<ArticleID>, starred: Set<ArticleID>,
                       newestFirst: Bool) throws(Failure) -> Answer {
        var candidates: [Int]
        var ranked = false
        var ranking: RankingPass?
        if !newestFirst, let expression = Self.textExpression(query), let rankingDB {
            ranking = RankingPass(expression, on: rankingDB)
        }
        // Never returns with the second connection still busy.
        defer { _ = ranking?.stop() }
        if var docs = try documents(query, ranked: false) {
            // Ranking computes a score per match: past `rankLimit` matches (a word nearly
            // every article has) the list stays newest first, so it comes in time.
            if let ranking {
                if docs.count <= rankLimit, let best = ranking.wait() {
                    docs = best
                    ranked = true
                } else {
                    _ = ranking.stop()
                }
            }
            let map: [Int32]?
            do { map = try documentPositions(in: index) } catch { throw Failure(description: "\(error)") }
            if let map {
                candidates = []
                candidates.reserveCapacity(docs.count)
                for doc in docs where doc >= 0 && doc < map.count && map[Int(doc)] >= 0 { candidates.append(Int(map[Int(doc)])) }
            } else {
                let live: [Int64: ArticleID]
                do { live = try liveDocuments() } catch { throw Failure(description: "\(error)") }
                let position = index.positionsByID
                candidates = docs.compactMap { live[$0].flatMap { position[$0] } }
            }
            if !ranked { candidates = Self.inOrder(candidates, of: index.count) }  // the index is newest first
        } else {
            candidates = Array(0..<index.count)
        }
        return Answer(positions: query.filtered(candidates, in: index, read: read, starred: starred), ranked: ranked)
    }

    /// Positions in increasing order: sorted when few, marked and read off when many (a
    /// word in every article: 100,000 positions in a fraction of a sort's time).
    static func inOrder(_ positions: [Int], of count: Int) -> [Int] {
        guard positions.count * 16 > count else { return positions.sorted() }
        var hit = [Bool](repeating: false, count: count)
        for p in positions where p < count { hit[p] = true }
        var out: [Int] = []
        out.reserveCapacity(positions.count)
        for p in 0..<count where hit[p] { out.append(p) }
        return out
    }
}

extension SearchQuery {
    /// The positions that pass the query's filters: is:unread/read, is:starred, after:, before:.
    public func filtered(_ positions: [Int], in index: StoreIndex, read: Set<ArticleID>, starred: Set<ArticleID>) -> [Int] {
        guard unread != nil || self.starred != nil || after != nil || before != nil else { return positions }
        let after = after.map { Int64($0.timeIntervalSince1970) }
        let before = before.map { Int64($0.timeIntervalSince1970) }
        return positions.filter { p in
            let e = index.entries[p]
            if let unread, read.contains(e.id) == unread { return false }
            if let wanted = self.starred, starred.contains(e.id) != wanted { return false }
            if let after, e.date < after { return false }
            if let before, e.date >= before { return false }
            return true
        }
    }
}
