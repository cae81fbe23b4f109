import CGazetteSupport
import CGazetteXML
import Foundation

/// Fills a store from files and folders: finds the files, parses each, and writes the
/// articles in batches (one filesystem sync per batch, then atomic renames).
public struct Importer: Sendable {
    public struct Options: Sendable {
        /// Overrides every article's category.
        public var category: String?
        /// Time relative dates count back from; default: each file's modification time.
        public var scrapedAt: Date?
        /// `ignore-article` rules: new articles they catch are left out.
        public var ignore: [IgnoreRule] = []
        /// False: the full-text index is not fed; the reader's reconcile adds the articles
        /// later (the benchmark compares import with and without it).
        public var indexesText = true
        public init(category: String? = nil, scrapedAt: Date? = nil, ignore: [IgnoreRule] = [], indexesText: Bool = true) {
            self.category = category
            self.scrapedAt = scrapedAt
            self.ignore = ignore
            self.indexesText = indexesText
        }
    }

    public enum Outcome: Equatable, Sendable {
        case imported(ArticleID, title: String)
        case updated(ArticleID, title: String)
        case alreadyPresent(ArticleID, title: String)
        case refused(reason: String)
        /// Caught by an `ignore-article` rule.
        case ignored(ArticleID, title: String)
    }

    public struct FileResult: Equatable, Sendable {
        public var path: String
        public var outcome: Outcome
    }

    public struct Report: Sendable {
        public var results: [FileResult] = []
        /// The articles were written, but the index (a cache) was not: it is rebuilt later.
        public var indexProblem: StoreError?
        public var imported: Int { results.count { if case .imported = $0.outcome { true } else { false } } }
        public var updated: Int { results.count { if case .updated = $0.outcome { true } else { false } } }
        public var alreadyPresent: Int { results.count { if case .alreadyPresent = $0.outcome { true } else { false } } }
        public var refused: [FileResult] { results.filter { if case .refused = $0.outcome { true } else { false } } }
        public var ignored: Int { results.count { if case .ignored = $0.outcome { true } else { false } } }
    }

    /// A file to parse and the category its folder implies.
    struct Candidate: Sendable {
        var path: String
        var folderCategory: String?
        /// Bytes already in memory (a fetched feed), instead of reading `path`.
        var data: [UInt8]? = nil
        /// Where the document came from (base for relative links), for fetched feeds.
        var url: String? = nil
        /// A category chosen for this one source (a feed list entry's).
        var category: String? = nil
        var contentType: String? = nil
        /// One item of a feed already parsed: converting it is this candidate's work.
        var feedItem: FeedItem? {
            get { boxedItem?.value }
            set { boxedItem = newValue.map(Boxed.init) }
        }
        /// An article made elsewhere (a feed item completed from its web page).
        var prepared: Article? {
            get { boxedArticle?.value }
            set { boxedArticle = newValue.map(Boxed.init) }
        }
        // Boxed: a walk of 100,000 files holds as many candidates (twice, in chunks), and a
        // feed item or an article inline made each one a kilobyte.
        private var boxedItem: Boxed<FeedItem>?
        private var boxedArticle: Boxed<Article>?

        init(path: String, folderCategory: String?, data: [UInt8]? = nil, url: String? = nil, category: String? = nil,
             contentType: String? = nil, prepared: Article? = nil) {
            self.path = path
            self.folderCategory = folderCategory
            self.data = data
            self.url = url
            self.category = category
            self.contentType = contentType
            self.prepared = prepared
        }
    }

    /// A value kept on the heap, so the struct holding it stays small.
    final class Boxed<Value: Sendable>: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// A feed item and what it needs from its feed to become an article.
    struct FeedItem: Sendable {
        var item: Feed.Item
        var category: String
        var feedTitle: String?
        var feedKey: String
        var source: String
    }

    /// A document fetched over the network, to import like a file.
    public struct Fetched: Sendable {
        public var url: String
        public var bytes: [UInt8]
        public var category: String?
        /// The HTTP Content-Type (its charset overrides the document's declaration).
        public var contentType: String?
        public init(url: String, bytes: [UInt8], category: String?, contentType: String? = nil) {
            self.url = url
            self.bytes = bytes
            self.category = category
            self.contentType = contentType
        }
    }

    /// Imports fetched feeds; results are reported under each feed's URL.
    /// Items deleted before (by the user or by retention) are not brought back.
    public func importFetched(_ documents: [Fetched]) throws(StoreError) -> Report {
        try importCandidates(documents.map { Candidate(path: $0.url, folderCategory: nil, data: $0.bytes, url: $0.url,
                                                       category: $0.category, contentType: $0.contentType) },
                             report: Report(), progress: nil, skipping: store.deletedLog.load())
    }

    /// A file's content already in memory (the bundled samples).
    public struct InMemoryFile: Sendable {
        public var name: String
        /// The folder it stands for: its category, as a folder's name gives one.
        public var folder: String
        public var bytes: [UInt8]
        public init(name: String, folder: String, bytes: [UInt8]) {
            self.name = name
            self.folder = folder
            self.bytes = bytes
        }
    }

    /// Imports files held in memory, as if read from their folders.
    public func importFiles(_ files: [InMemoryFile]) throws(StoreError) -> Report {
        try importCandidates(files.map { Candidate(path: $0.name, folderCategory: CategoryName.fromFolder($0.folder), data: $0.bytes) },
                             report: Report(), progress: nil)
    }

    /// Imports articles made elsewhere; an article already in the store with other content is updated.
    public func importArticles(_ articles: [Article]) throws(StoreError) -> Report {
        try importCandidates(articles.map { Candidate(path: $0.source ?? $0.url ?? $0.id.description, folderCategory: nil, prepared: $0) },
                             report: Report(), progress: nil)
    }

    /// The articles a fetched feed makes (as `importFetched` would write them).
    public func articles(of document: Fetched) -> [Article] {
        let candidate = Candidate(path: document.url, folderCategory: nil, data: document.bytes, url: document.url,
                                  category: document.category, contentType: document.contentType)
        return ((try? expandFeed(document.bytes, candidate: candidate)) ?? []).compactMap { $0.feedItem.map(Self.article(from:)) }
    }

    public static let maxFileSize = 16 << 20
    /// Articles written per filesystem sync.
    public static let batchSize = 2000

    public let store: ArticleStore
    public var options: Options

    public init(store: ArticleStore, options: Options = Options()) {
        self.store = store
        self.options = options
    }

    /// Imports files and folders (recursively). Per-file failures are in the report;
    /// a store failure (disk full, read-only) throws after keeping what was written.
    public func importPaths(_ paths: [String], progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> Report {
        let trace = Trace()
        var report = Report()
        var candidates: [Candidate] = []
        var visited: Set<FileSystem.FileIdentity> = []
        for path in paths {
            collect(path, into: &candidates, report: &report, visited: &visited)
        }
        trace.mark("found \(candidates.count) files")
        return try importCandidates(candidates, report: report, progress: progress)
    }

    func importCandidates(_ candidates: [Candidate], report initial: Report, progress: ((Int, Int) -> Void)?,
                          skipping deleted: Set<ArticleID> = []) throws(StoreError) -> Report {
        let trace = Trace()
        var report = initial
        // Every article written is in the full-text index before the import returns (waited
        // for after the lock below is let go: defers run last-declared first).
        let indexer = options.indexesText ? store.search.map(BackgroundIndexer.init) : nil
        defer { indexer?.wait() }
        // The store lock is held only while writing: files are read and parsed without it
        // (a slow or stuck input never blocks a star), and it is let go between chunks.
        var lock: FileLock?
        defer { lock?.unlock() }
        /// What the index says, overlaid with what this run wrote (`ours`).
        var records: [ArticleID: StoreIndex.Record] = [:]
        var ours: [ArticleID: StoreIndex.Record] = [:]
        var indexRead = false
        /// Takes the lock; the first time, or when another writer changed the index since,
        /// reads the index again.
        func lockStore() throws(StoreError) {
            lock = try FileLock(path: store.lockPath, purpose: "import")
            if !indexRead {
                store.cleanScratch()
                try store.refresh(holdingLock: true)
                try FileSystem.makeDirectory(store.tmpDir)
            } else if !store.reloadIfChanged() {
                return
            }
            indexRead = true
            records.removeAll(keepingCapacity: true)
            records.reserveCapacity(store.index.count + candidates.count)
            for p in 0..<store.index.count {
                let r = store.index.record(at: p)
                records[r.id] = r
            }
            for (id, r) in ours { records[id] = r }
            trace.mark("read the index")
        }
        func unlockStore() {
            lock?.unlock()
            lock = nil
        }
        var batch: [(Article, [UInt8])] = []
        /// Files of articles that moved to another category, removed once the new file is durable.
        var moved: [String] = []
        var done = 0
        func flush() throws(StoreError) {
            guard !batch.isEmpty else { return }
            try write(batch)
            // The full-text index follows the files, on its own thread while the next batch
            // is written (a failure leaves it for reconcile).
            indexer?.add(batch.map(\.0))
            for path in moved { FileSystem.remove(path) }
            moved.removeAll()
            for (article, _) in batch {
                records[article.id] = StoreIndex.Record(article: article)
                ours[article.id] = records[article.id]
            }
            batch.removeAll(keepingCapacity: true)
        }
        var seenInRun: Set<ArticleID> = []
        /// Decides what one parsed article is (new, changed, already there) and stages it.
        /// `article` comes from `parseConcurrently`, cleaned of control characters there.
        func stage(_ article: Article, from path: String) throws(StoreError) {
            func result(_ outcome: Outcome) { report.results.append(FileResult(path: path, outcome: outcome)) }
            guard seenInRun.insert(article.id).inserted, !deleted.contains(article.id) else {
                return result(.alreadyPresent(article.id, title: article.title))
            }
            var toWrite = article
            var outcome = Outcome.imported(article.id, title: article.title)
            // A rule keeps new articles out (one already here stays, as in newsboat).
            if records[article.id] == nil, options.ignore.contains(where: { $0.catches(article) }) {
                return result(.ignored(article.id, title: article.title))
            }
            if let existing = records[article.id] {
                let oldPath = store.path(of: article.id, categorySlug: existing.categorySlug)
                if let old = try? store.readArticle(at: oldPath) {
                    if old.hasSameContent(as: article) { return result(.alreadyPresent(article.id, title: article.title)) }
                    // Completed from its web page (`fetch --full`), and the feed still says what it
                    // said then: keep the full text.
                    if var fed = old.asFeedGaveIt {
                        if article.author == nil { fed.author = nil }  // the byline came from the page
                        fed.rich = article.rich  // the feed's structure is not kept beside its text
                        if fed.hasSameContent(as: article) { return result(.alreadyPresent(article.id, title: article.title)) }
                    }
                    toWrite.importedAt = old.importedAt
                }
                outcome = .updated(article.id, title: article.title)
                if existing.categorySlug != CategoryName.slug(article.category) { moved.append(oldPath) }
            }
            result(outcome)
            batch.append((toWrite, toWrite.jsonBytes()))
            if batch.count >= Self.batchSize { try flush(); trace.mark("wrote a batch") }
        }
        // Parsing is pure: the next chunk is parsed on the other cores while this one is
        // deduplicated and written (which is mostly waiting on the filesystem).
        let chunkSize = Self.batchSize
        let candidates = expandFeeds(candidates, report: &report)
        trace.mark("expanded feeds into \(candidates.count) items")
        // A small first chunk gets the writer going sooner; the rest overlap with writing.
        var chunks: [[Candidate]] = []
        var start = 0
        while start < candidates.count {
            let size = start == 0 ? min(chunkSize, 250) : chunkSize
            chunks.append(Array(candidates[start..<min(candidates.count, start + size)]))
            start += size
        }
        let ahead = ParsedChunk()
        if let first = chunks.first { ahead.start(self, first) }
        for (k, chunk) in chunks.enumerated() {
            // Never wait for input while holding the lock: when the next chunk is not parsed
            // yet, what is staged is written and the lock let go first.
            if lock != nil, !ahead.isReady {
                try flush()
                unlockStore()
            }
            let parsed = ahead.wait()
            trace.mark("parsed chunk \(k)")
            if k + 1 < chunks.count { ahead.start(self, chunks[k + 1]) }
            if lock == nil { try lockStore() }
            for (candidate, parsedResult) in zip(chunk, parsed) {
                done += 1
                progress?(done, candidates.count)
                switch parsedResult {
                case .failure(let refusal):
                    report.results.append(FileResult(path: candidate.path, outcome: .refused(reason: refusal.description)))
                case .success(let articles):
                    for article in articles { try stage(article, from: candidate.path) }
                }
            }
        }
        if lock == nil { try lockStore() }
        try flush()
        trace.mark("wrote the articles")
        if report.imported + report.updated > 0 || store.mayBeStale {
            do {
                try store.install(records: Array(records.values))
            } catch {
                // The articles are in place and durable; only the cache failed. The next
                // start sees the folders changed and rebuilds it.
                report.indexProblem = error
            }
        }
        trace.mark("wrote the index")
        return report
    }

    /// Stages a batch in tmp/, syncs the filesystem once, then renames each file into place
    /// and syncs each touched folder. A crash leaves complete files or none.
    private func write(_ batch: [(Article, [UInt8])]) throws(StoreError) {
        var folders: Set<String> = []
        let pid = getpid()
        var paths: [(tmp: String, final: String)] = []
        paths.reserveCapacity(batch.count)
        for (article, _) in batch {
            let slug = CategoryName.slug(article.category)
            let folder = "\(store.articlesDir)/\(slug)"
            if !folders.contains(folder) {
                try FileSystem.makeDirectory(folder)
                folders.insert(folder)
            }
            paths.append(("\(store.tmpDir)/\(article.id).\(pid).json", "\(folder)/\(article.id).json"))
        }
        // Sequential on purpose: creating files in one folder from two threads was slower
        // (the folder's lock), and parsing already keeps the other core busy.
        var written = 0
        var renamed = 0
        let trace = Trace(indent: "  ")
        defer { for s in paths[renamed..<written] { FileSystem.remove(s.tmp) } }
        for (i, s) in paths.enumerated() {
            try FileSystem.writeNew(batch[i].1, to: s.tmp)
            written += 1
        }
        trace.mark("created \(written) files")
        try FileSystem.syncFilesystem(containing: store.tmpDir)
        trace.mark("synced the filesystem")
        for s in paths {
            try FileSystem.rename(s.tmp, to: s.final)
            renamed += 1
        }
        trace.mark("renamed")
        for folder in folders { try FileSystem.fsync(path: folder, directory: true) }
        try FileSystem.fsync(path: store.articlesDir, directory: true)
        trace.mark("synced the folders")
    }

    // MARK: Finding files

    private func collect(_ path: String, into out: inout [Candidate], report: inout Report, visited: inout Set<FileSystem.FileIdentity>) {
        let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard FileSystem.exists(clean) else {
            report.results.append(FileResult(path: path, outcome: .refused(reason: "no such file or folder")))
            return
        }
        if FileSystem.isDirectory(clean) {
            let before = out.count
            walk(clean, into: &out, report: &report, visited: &visited)
            if out.count == before, !report.results.contains(where: { $0.path.hasPrefix(clean) }) {
                report.results.append(FileResult(path: path, outcome: .refused(reason: "no article files in the folder")))
            }
        } else if FileSystem.identity(clean).map({ visited.insert($0).inserted }) ?? true {
            out.append(Candidate(path: clean, folderCategory: Self.folderCategory(of: clean)))
        }
    }

    /// A file's category when its text does not name one: its folder's name, so the same file
    /// gets the same category (and id) whether imported alone or with its folder.
    static func folderCategory(of path: String) -> String? {
        folderCategory(ofFolder: (lexicalAbsolute(path) as NSString).deletingLastPathComponent)
    }

    /// The category a folder's files take: its name, as written (links are not resolved,
    /// so `ln -s . loop/x` gives "X" for what is found through it, never another folder's name).
    static func folderCategory(ofFolder dir: String) -> String? {
        let name = (lexicalAbsolute(dir) as NSString).lastPathComponent
        return name.isEmpty || name == "/" ? nil : CategoryName.fromFolder(name)
    }

    /// An absolute path with "." and ".." removed by their names alone.
    static func lexicalAbsolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Every file takes its own folder's name as category (`news/business/12.txt` -> "Business").
    ///
    /// Folders and files are visited once each by (device, inode), so links that loop
    /// (`ln -s . loop/x`) end the walk and a file reached by two paths is one article, from
    /// the first path in name order. Kernel pseudo-filesystems (/proc, /sys, /dev) are not entered.
    private func walk(_ dir: String, into out: inout [Candidate], report: inout Report, visited: inout Set<FileSystem.FileIdentity>) {
        if let me = FileSystem.identity(dir), !visited.insert(me).inserted { return }
        if FileSystem.isPseudoFilesystem(dir) { return }
        let entries: [FileSystem.Entry]
        do { entries = try FileSystem.entries(dir).sorted { $0.name < $1.name } } catch {
            report.results.append(FileResult(path: dir, outcome: .refused(reason: error.reason)))
            return
        }
        let category = Self.folderCategory(ofFolder: dir)
        for entry in entries where !entry.name.hasPrefix(".") {
            let path = dir == "/" ? "/\(entry.name)" : "\(dir)/\(entry.name)"
            if entry.isDirectory {
                walk(path, into: &out, report: &report, visited: &visited)
            } else if Self.isImportable(entry.name), visited.insert(entry.identity).inserted {
                out.append(Candidate(path: path, folderCategory: category))
            }
        }
    }

    /// Skips files that are clearly not articles when walking folders (given paths are always
    /// tried). A gzip-compressed file counts when what it holds would (`page.html.gz`).
    static func isImportable(_ name: String) -> Bool {
        let ext = FileSystem.pathExtension(name).lowercased()
        if name.hasPrefix("LICENSE") || name == "SOURCE.md" || name == "README.md" { return false }
        if ext == "gz" {
            let inner = FileSystem.pathExtension(String(name.dropLast(3))).lowercased()
            return ["txt", "text", "html", "htm", "xhtml", "xml", "rss", "atom", "rdf", "json"].contains(inner)
        }
        return !skippedExtensions.contains(ext)
    }

    private static let skippedExtensions: Set<String> = [
        "md5", "sha1", "sha256", "log", "lock", "swp", "tmp", "ds_store", "png", "jpg", "jpeg", "gif", "webp", "pdf", "zip", "gz",
    ]

    /// "page.html.gz" -> "page.html": the name that says what a compressed file holds.
    static func withoutGzipExtension(_ path: String) -> String {
        path.lowercased().hasSuffix(".gz") ? String(path.dropLast(3)) : path
    }

    /// A file's bytes, gunzipped when they are gzip-compressed (up to `limit` either way).
    static func readInput(_ path: String, limit: Int = maxFileSize) throws(Refusal) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try FileSystem.read(path, limit: limit) } catch { throw Refusal(description: error.reason) }
        guard bytes.starts(with: [0x1F, 0x8B]) else { return bytes }
        var length = 0
        let inflated = bytes.withUnsafeBufferPointer { gz_gunzip($0.baseAddress, $0.count, limit, &length) }
        guard let inflated else {
            throw Refusal(description: length == -2 ? "larger than \(limit >> 20) MiB once decompressed" : "gzip data that could not be decompressed")
        }
        defer { gz_xml_free_bytes(inflated) }
        return Array(UnsafeBufferPointer(start: inflated, count: length))
    }

    // MARK: Parsing

    /// One chunk being parsed in the background.
    final class ParsedChunk: @unchecked Sendable {
        private let group = DispatchGroup()
        private var results: [Result<[Article], Refusal>] = []

        func start(_ importer: Importer, _ chunk: [Candidate]) {
            group.enter()
            DispatchQueue.global().async {
                self.results = importer.parseConcurrently(chunk)
                self.group.leave()
            }
        }

        func wait() -> [Result<[Article], Refusal>] {
            group.wait()
            return results
        }

        /// True when the chunk is parsed (or none was started): `wait` returns at once.
        var isReady: Bool { group.wait(timeout: .now()) == .success }
    }

    fileprivate func parseConcurrently(_ chunk: [Candidate]) -> [Result<[Article], Refusal>] {
        let results = UnsafeMutableBufferPointer<Result<[Article], Refusal>?>.allocate(capacity: chunk.count)
        results.initialize(repeating: nil)
        // Deinitialized before it is freed: the articles in the slots are released (without
        // this every parsed article stayed in memory for the life of the process).
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let base = results.baseAddress!
        nonisolated(unsafe) let slots = base
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var i = worker
            while i < chunk.count {
                let r: Result<[Article], Refusal>
                // Cleaned here, on the parsing cores, not on the writer's path.
                do { r = .success(try parse(chunk[i]).map { $0.sanitized() }) } catch { r = .failure(error as? Refusal ?? Refusal(description: "\(error)")) }
                slots[i] = r
                i += workers
            }
        }
        return results.map { $0! }
    }

    struct Refusal: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    func parse(_ candidate: Candidate) throws(Refusal) -> [Article] {
        if let item = candidate.feedItem { return [Self.article(from: item)] }
        if let prepared = candidate.prepared { return [prepared] }
        let bytes: [UInt8]
        if let data = candidate.data {
            bytes = data
        } else {
            bytes = try Self.readInput(candidate.path)
        }
        if bytes.isEmpty { throw Refusal(description: TextDecoding.Failure.empty.description) }
        // Whatever a feed URL returns is judged as a feed ("not a feed (an HTML page)").
        if candidate.url != nil { return try feedArticles(bytes, candidate: candidate) }
        let kind = ContentKind.sniff(bytes, path: Self.withoutGzipExtension(candidate.path))
        switch kind {
        case .feed: return try feedArticles(bytes, candidate: candidate)
        case .html: return [try pageArticle(bytes, candidate: candidate)]
        case .text: break
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).text
        } catch {
            throw Refusal(description: error.description)
        }
        let mtime = FileSystem.modificationTime(candidate.path).map { Date(timeIntervalSince1970: Double($0) / 1e9) } ?? WallClock.now()
        let parser = ScrapedPageParser(now: options.scrapedAt ?? mtime)
        let parsed: ScrapedPageParser.Result
        do { parsed = try parser.parse(text) } catch { throw Refusal(description: error.description) }
        let category = options.category.map(CategoryName.clean)
            ?? parsed.category
            ?? candidate.folderCategory
            ?? "Uncategorized"
        let id = parsed.url.map(ArticleID.forURL)
            ?? ArticleID.forContent(category: category, title: parsed.title, body: parsed.body)
        return [Article(id: id, title: parsed.title, category: category, author: parsed.author,
                        published: parsed.published, publishedText: parsed.publishedText, url: parsed.url,
                        body: parsed.body, source: absolute(candidate.path))]
    }

    /// Every item of a feed file as an article. The category is the feed's title unless
    /// --category says otherwise; ids come from guid/id, else the link, else the content.
    /// Parses a feed into one candidate per item, so the items are converted in chunks that
    /// overlap with writing, like files are.
    func expandFeed(_ bytes: [UInt8], candidate: Candidate) throws(Refusal) -> [Candidate] {
        let feed: Feed
        do { feed = try FeedParser.parse(bytes, url: candidate.url, contentType: candidate.contentType) } catch {
            throw Refusal(description: error.description)
        }
        guard !feed.items.isEmpty else { throw Refusal(description: "the feed has no items") }
        let feedTitle = feed.title.map { CategoryName.clean(HTMLText.normalizeText($0)) }.flatMap { $0.isEmpty ? nil : $0 }
        let category = options.category.map(CategoryName.clean) ?? candidate.category.map(CategoryName.clean)
            ?? feedTitle ?? candidate.folderCategory ?? "Feeds"
        let source = candidate.url ?? absolute(candidate.path)
        let feedKey = feed.link ?? feed.title ?? ""
        return feed.items.map { item in
            var c = candidate
            c.data = nil
            c.feedItem = FeedItem(item: item, category: category, feedTitle: feedTitle, feedKey: feedKey, source: source)
            return c
        }
    }

    /// Reader mode: the article in a saved web page.
    func pageArticle(_ bytes: [UInt8], candidate: Candidate) throws(Refusal) -> Article {
        guard let page = ArticleExtractor.extract(html: bytes, url: candidate.url), !page.text.isEmpty else {
            throw Refusal(description: "no article text found in the page")
        }
        let title = page.title.flatMap { $0.nilIfEmpty } ?? ScrapedPageParser.shortTitle(String(page.text.prefix(200)))
        let category = options.category.map(CategoryName.clean) ?? candidate.category.map(CategoryName.clean)
            ?? candidate.folderCategory ?? page.siteName ?? "Saved Pages"
        let url = page.url.flatMap { $0.hasPrefix("http") ? $0 : nil }
        let id = url.map(ArticleID.forURL) ?? ArticleID.forContent(category: category, title: title, body: page.text)
        var article = Article(id: id, title: title, category: category, author: page.byline, published: page.published,
                              url: url, body: page.body, siteName: page.siteName, language: page.language,
                              source: candidate.url ?? absolute(candidate.path))
        article.rich = page.rich
        return article
    }

    /// Feeds (fetched documents, and files named like feeds) become one candidate per item.
    /// Other files are judged when parsed, so a text import never reads its files twice.
    func expandFeeds(_ candidates: [Candidate], report: inout Report) -> [Candidate] {
        let feedExtensions: Set<String> = ["xml", "rss", "atom", "rdf", "json", "feed"]
        guard candidates.contains(where: { $0.data != nil || feedExtensions.contains(FileSystem.pathExtension($0.path).lowercased()) }) else {
            return candidates
        }
        var out: [Candidate] = []
        out.reserveCapacity(candidates.count)
        for candidate in candidates {
            // An article made elsewhere (a synced item) is never a file to read, whatever its
            // source says (a server could name a local path ending in .xml).
            guard candidate.prepared == nil, candidate.feedItem == nil else { out.append(candidate); continue }
            let named = feedExtensions.contains(FileSystem.pathExtension(Self.withoutGzipExtension(candidate.path)).lowercased())
            guard candidate.data != nil || named else { out.append(candidate); continue }
            let bytes: [UInt8]
            if let data = candidate.data, candidate.url != nil {
                bytes = data  // fetched: judged as a feed, whatever it is
            } else if let data = candidate.data {
                guard ContentKind.sniff(data, path: candidate.path) == .feed else { out.append(candidate); continue }
                bytes = data
            } else {
                guard let read = try? Self.readInput(candidate.path), !read.isEmpty,
                      ContentKind.sniff(read, path: Self.withoutGzipExtension(candidate.path)) == .feed else {
                    out.append(candidate)  // parse() reports what it is
                    continue
                }
                bytes = read
            }
            do {
                out.append(contentsOf: try expandFeed(bytes, candidate: candidate))
            } catch {
                report.results.append(FileResult(path: candidate.path, outcome: .refused(reason: error.description)))
            }
        }
        return out
    }

    /// All articles of a feed (for callers that want them at once).
    func feedArticles(_ bytes: [UInt8], candidate: Candidate) throws(Refusal) -> [Article] {
        try expandFeed(bytes, candidate: candidate).compactMap { $0.feedItem.map(Self.article(from:)) }
    }

    /// Converts one feed item: HTML to text, a title when there is none, a stable id.
    static func article(from f: FeedItem) -> Article {
        let item = f.item
        var (body, rich) = item.content.map { item.contentIsHTML ? HTMLText.convertRich($0, base: item.base) : (HTMLText.normalizeText($0), nil) }
            ?? ("", nil)
        if body.isEmpty, let summary = item.summary {
            (body, rich) = item.summaryIsHTML ? HTMLText.convertRich(summary, base: item.base) : (HTMLText.normalizeText(summary), nil)
        }
        if body.isEmpty, let media = item.mediaDescription { body = HTMLText.normalizeText(media) }
        // Podcast audio, video: where to get it, what it is and how big.
        let attachments = item.enclosures.filter { !($0.type ?? "").hasPrefix("image/") }.map { e -> String in
            let about = [e.type, e.length.map(Self.byteCount)].compactMap { $0 }.joined(separator: ", ")
            return "Attachment: \(e.url)" + (about.isEmpty ? "" : " (\(about))")
        }
        let title = item.title.map(HTMLText.normalizeText).flatMap { $0.isEmpty ? nil : $0 }
            ?? (body.isEmpty ? nil : ScrapedPageParser.shortTitle(String(body.prefix(200))))
            ?? item.link ?? "(untitled)"
        if body.isEmpty { body = item.link.map { "Link: \($0)" } ?? title }
        // The id is the text's without its attachments, as before attachments were kept.
        let id = item.id.map { ArticleID.forGUID($0, feed: f.feedKey) }
            ?? item.link.map(ArticleID.forURL)
            ?? ArticleID.forContent(category: f.category, title: title, body: attachments.isEmpty ? body : body + "\n\n" + attachments.joined(separator: "\n"))
        var article = Article(id: id, title: title, category: f.category, author: item.author.map(Self.personName),
                              published: item.published ?? item.updated, url: item.link, body: "",
                              siteName: f.feedTitle, source: f.source)
        article.setText(body, rich: rich)
        if !attachments.isEmpty { article.appendParagraph(attachments.joined(separator: "\n")) }
        return article
    }

    /// The name in a feed's author field: "jane@example.com (Jane Doe)" and "Jane Doe
    /// (jane@example.com)" are "Jane Doe"; an address alone stays.
    static func personName(_ author: String) -> String {
        let text = author.trimmingWhitespace()
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return text }
        let outside = text[..<open].trimmingWhitespace()
        let inside = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingWhitespace()
        let isAddress = { (s: String) in s.contains("@") && !s.contains(" ") }
        if isAddress(outside), !inside.isEmpty { return inside }
        if isAddress(inside), !outside.isEmpty { return outside }
        return text
    }

    /// "1.2 GB", "12.3 MB", "850 KB", "512 bytes".
    public static func byteCount(_ n: Int) -> String {
        if n >= 1_000_000_000 { return String(format: "%.1f GB", Double(n) / 1e9) }
        if n >= 1_000_000 { return String(format: "%.1f MB", Double(n) / 1_000_000) }
        if n >= 1_000 { return "\(n / 1_000) KB" }
        return "\(n) bytes"
    }

    private func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// Phase timings and resident memory on standard error when GAZETTE_TRACE is set (for
/// finding where time and memory go).
final class Trace {
    private let enabled = ProcessInfo.processInfo.environment["GAZETTE_TRACE"] != nil
    private var last = Date()
    private let indent: String
    init(indent: String = "") { self.indent = indent }
    func mark(_ what: @autoclosure () -> String) {
        guard enabled else { return }
        let now = Date()
        FileHandle.standardError.write(Data(String(format: "%@%8.1f ms %6d MB  %@\n", indent, now.timeIntervalSince(last) * 1000,
                                                   Self.residentMB(), what() + " (heap \(Self.heapInUse() >> 20) MB)").utf8))
        last = now
    }

    /// Bytes of heap handed out and not freed, over every arena.
    static func heapInUse() -> Int { Int(gz_heap_in_use()) }

    /// VmRSS from /proc/self/status, in MB (0 where there is none).
    static func residentMB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }
}

/// What a file holds, from its first bytes and its name.
public enum ContentKind: Equatable, Sendable {
    case text, html, feed

    public static func sniff(_ bytes: [UInt8], path: String) -> ContentKind {
        var head = String(decoding: bytes.prefix(2048), as: UTF8.self)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) || (bytes.count > 1 && (bytes[0] == 0 || bytes[1] == 0)) {
            head = TextDecoding.decodeUTF16(bytes.prefix(4096).dropFirst(bytes[0] == 0xFF || bytes[0] == 0xFE ? 2 : 0),
                                            littleEndian: bytes[0] == 0xFF || bytes[1] == 0)
        }
        let start = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        // Markup and JSON start with "<" or "{"; anything else is text (most imports).
        guard let first = start.first, first == "<" || first == "{" else { return .text }
        let h = start.lowercased()
        let ext = FileSystem.pathExtension(path).lowercased()
        if h.hasPrefix("<!doctype html") || h.hasPrefix("<html") { return .html }
        if h.hasPrefix("<") {
            // Skip the XML declaration, comments and processing instructions to the first element.
            var rest = Substring(h)
            while rest.hasPrefix("<?") || rest.hasPrefix("<!--") || rest.hasPrefix("<!doctype") || rest.hasPrefix("<!entity") {
                let close = rest.hasPrefix("<!--") ? "-->" : (rest.hasPrefix("<?") ? "?>" : ">")
                guard let r = rest.range(of: close) else { break }
                rest = rest[r.upperBound...].drop(while: \.isWhitespace)
            }
            for root in ["<rss", "<feed", "<rdf:rdf", "<rdf", "<channel"] where rest.hasPrefix(root) { return .feed }
            if rest.hasPrefix("<html") || rest.hasPrefix("<!doctype html") { return .html }
            if h.contains("<rss") || h.contains("<feed") || h.contains("<rdf:rdf") { return .feed }
            if ["xml", "rss", "atom", "rdf"].contains(ext) { return .feed }
            if ["html", "htm", "xhtml"].contains(ext) || h.contains("<body") || h.contains("<head") { return .html }
        }
        if h.hasPrefix("{"), h.contains("jsonfeed.org") { return .feed }
        return .text
    }
}

/// Feeds the full-text index from a thread of its own, one batch after another, so indexing
/// (CPU) overlaps with writing the next batch of files (mostly waiting on the disk).
final class BackgroundIndexer: @unchecked Sendable {
    private let search: SearchIndex
    private let queue = DispatchQueue(label: "gazette.search-index")

    init(_ search: SearchIndex) { self.search = search }

    func add(_ articles: [Article]) {
        queue.async { try? self.search.update(articles) }
    }

    /// Returns once every batch added is indexed.
    func wait() { queue.sync {} }
}
