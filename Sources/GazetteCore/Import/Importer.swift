import Foundation

/// Fills a store from files and folders: finds the files, parses each, and writes the
/// articles in batches (one filesystem sync per batch, then atomic renames).
public struct Importer {
    public struct Options: Sendable {
        /// Overrides every article's category.
        public var category: String?
        /// Time relative dates count back from; default: each file's modification time.
        public var scrapedAt: Date?
        public init(category: String? = nil, scrapedAt: Date? = nil) {
            self.category = category
            self.scrapedAt = scrapedAt
        }
    }

    public enum Outcome: Equatable, Sendable {
        case imported(ArticleID, title: String)
        case updated(ArticleID, title: String)
        case alreadyPresent(ArticleID, title: String)
        case refused(reason: String)
    }

    public struct FileResult: Equatable, Sendable {
        public var path: String
        public var outcome: Outcome
    }

    public struct Report: Sendable {
        public var results: [FileResult] = []
        public var imported: Int { results.count { if case .imported = $0.outcome { true } else { false } } }
        public var updated: Int { results.count { if case .updated = $0.outcome { true } else { false } } }
        public var alreadyPresent: Int { results.count { if case .alreadyPresent = $0.outcome { true } else { false } } }
        public var refused: [FileResult] { results.filter { if case .refused = $0.outcome { true } else { false } } }
    }

    /// A file to parse and the category its folder implies.
    struct Candidate {
        var path: String
        var folderCategory: String?
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
        var report = Report()
        var candidates: [Candidate] = []
        for path in paths {
            collect(path, into: &candidates, report: &report)
        }
        let lock = try FileLock(path: store.lockPath)
        defer { lock.unlock() }
        store.cleanScratch()
        try store.refresh()
        try FileSystem.makeDirectory(store.tmpDir)

        var records: [ArticleID: StoreIndex.Record] = [:]
        records.reserveCapacity(store.index.count + candidates.count)
        for p in 0..<store.index.count {
            let r = store.index.record(at: p)
            records[r.id] = r
        }
        var batch: [(Article, [UInt8], FileResult)] = []
        var done = 0
        func flush() throws(StoreError) {
            guard !batch.isEmpty else { return }
            try write(batch)
            for (article, _, _) in batch {
                records[article.id] = StoreIndex.Record(article: article)
            }
            batch.removeAll(keepingCapacity: true)
        }
        var seenInRun: Set<ArticleID> = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for candidate in candidates {
            done += 1
            progress?(done, candidates.count)
            let article: Article
            do {
                article = try parse(candidate)
            } catch {
                report.results.append(FileResult(path: candidate.path, outcome: .refused(reason: error.description)))
                continue
            }
            if seenInRun.contains(article.id) {
                report.results.append(FileResult(path: candidate.path, outcome: .alreadyPresent(article.id, title: article.title)))
                continue
            }
            seenInRun.insert(article.id)
            var toWrite = article
            var outcome = Outcome.imported(article.id, title: article.title)
            if let existing = records[article.id] {
                let oldPath = store.path(of: article.id, categorySlug: existing.categorySlug)
                if let old = try? store.readArticle(at: oldPath) {
                    if old.hasSameContent(as: article) {
                        report.results.append(FileResult(path: candidate.path, outcome: .alreadyPresent(article.id, title: article.title)))
                        continue
                    }
                    toWrite.importedAt = old.importedAt
                }
                outcome = .updated(article.id, title: article.title)
                if existing.categorySlug != CategoryName.slug(article.category) {
                    FileSystem.remove(oldPath)
                }
            }
            guard let json = try? encoder.encode(toWrite) else {
                report.results.append(FileResult(path: candidate.path, outcome: .refused(reason: "could not encode the article")))
                continue
            }
            let result = FileResult(path: candidate.path, outcome: outcome)
            report.results.append(result)
            batch.append((toWrite, Array(json) + [10], result))
            if batch.count >= Self.batchSize { try flush() }
        }
        try flush()
        if report.imported + report.updated > 0 || store.mayBeStale {
            try store.install(records: Array(records.values))
        }
        return report
    }

    /// Stages a batch in tmp/, syncs the filesystem once, then renames each file into place
    /// and syncs each touched folder. A crash leaves complete files or none.
    private func write(_ batch: [(Article, [UInt8], FileResult)]) throws(StoreError) {
        var staged: [(String, String)] = []
        var renamed = 0
        var folders: Set<String> = []
        let pid = getpid()
        defer { for (tmp, _) in staged[renamed...] { FileSystem.remove(tmp) } }
        for (article, bytes, _) in batch {
            let slug = CategoryName.slug(article.category)
            let folder = "\(store.articlesDir)/\(slug)"
            if !folders.contains(folder) {
                try FileSystem.makeDirectory(folder)
                folders.insert(folder)
            }
            let tmp = "\(store.tmpDir)/\(article.id).\(pid).json"
            try FileSystem.writeNew(bytes, to: tmp)
            staged.append((tmp, "\(folder)/\(article.id).json"))
        }
        try FileSystem.syncFilesystem(containing: store.tmpDir)
        for (tmp, final) in staged {
            try FileSystem.rename(tmp, to: final)
            renamed += 1
        }
        for folder in folders { try FileSystem.fsync(path: folder, directory: true) }
        try FileSystem.fsync(path: store.articlesDir, directory: true)
    }

    // MARK: Finding files

    private func collect(_ path: String, into out: inout [Candidate], report: inout Report) {
        let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard FileSystem.exists(clean) else {
            report.results.append(FileResult(path: path, outcome: .refused(reason: "no such file or folder")))
            return
        }
        if FileSystem.isDirectory(clean) {
            let rootName = CategoryName.fromFolder((clean as NSString).lastPathComponent)
            walk(clean, folderCategory: nil, rootCategory: rootName, into: &out, report: &report)
        } else {
            out.append(Candidate(path: clean, folderCategory: nil))
        }
    }

    /// Files directly in the imported folder take the folder's own name as category;
    /// files deeper take their parent folder's name (`news/business/12.txt` -> "Business").
    private func walk(_ dir: String, folderCategory: String?, rootCategory: String, into out: inout [Candidate], report: inout Report) {
        let names: [String]
        do { names = try FileSystem.list(dir).sorted() } catch {
            report.results.append(FileResult(path: dir, outcome: .refused(reason: error.reason)))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = "\(dir)/\(name)"
            if FileSystem.isDirectory(path) {
                walk(path, folderCategory: CategoryName.fromFolder(name), rootCategory: rootCategory, into: &out, report: &report)
            } else if Self.isImportable(name) {
                out.append(Candidate(path: path, folderCategory: folderCategory ?? rootCategory))
            }
        }
    }

    /// Skips files that are clearly not articles when walking folders (given paths are always tried).
    static func isImportable(_ name: String) -> Bool {
        let ext = (name as NSString).pathExtension.lowercased()
        let skipped: Set<String> = ["md5", "sha1", "sha256", "log", "lock", "swp", "tmp", "ds_store", "png", "jpg", "jpeg", "gif", "webp", "pdf", "zip", "gz"]
        if name.hasPrefix("LICENSE") || name == "SOURCE.md" || name == "README.md" { return false }
        return !skipped.contains(ext)
    }

    // MARK: Parsing

    struct Refusal: Error, CustomStringConvertible {
        var description: String
    }

    func parse(_ candidate: Candidate) throws(Refusal) -> Article {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(candidate.path, limit: Self.maxFileSize)
        } catch {
            throw Refusal(description: error.reason)
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes).text
        } catch {
            throw Refusal(description: error.description)
        }
        let kind = ContentKind.sniff(text, path: candidate.path)
        switch kind {
        case .text: break
        case .html: throw Refusal(description: "an HTML page: HTML import is not supported yet")
        case .feed: throw Refusal(description: "a feed: feed import is not supported yet")
        }
        let mtime = FileSystem.modificationTime(candidate.path).map { Date(timeIntervalSince1970: Double($0) / 1e9) } ?? Date()
        let parser = ScrapedPageParser(now: options.scrapedAt ?? mtime)
        let parsed: ScrapedPageParser.Result
        do { parsed = try parser.parse(text) } catch { throw Refusal(description: error.description) }
        let category = options.category.map(CategoryName.clean)
            ?? parsed.category
            ?? candidate.folderCategory
            ?? "Uncategorized"
        let id = parsed.url.map(ArticleID.forURL)
            ?? ArticleID.forContent(category: category, title: parsed.title, body: parsed.body)
        return Article(id: id, title: parsed.title, category: category, author: parsed.author,
                       published: parsed.published, publishedText: parsed.publishedText, url: parsed.url,
                       body: parsed.body, source: absolute(candidate.path))
    }

    private func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// What a file holds, from its first bytes and its name.
public enum ContentKind: Equatable, Sendable {
    case text, html, feed

    public static func sniff(_ text: String, path: String) -> ContentKind {
        let head = text.prefix(1024).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" }).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") { return .html }
        if head.hasPrefix("<?xml") || head.hasPrefix("<rss") || head.hasPrefix("<feed") || head.hasPrefix("<rdf") {
            return head.contains("<html") ? .html : .feed
        }
        if head.hasPrefix("{"), head.contains("jsonfeed.org") { return .feed }
        let ext = (path as NSString).pathExtension.lowercased()
        if ["html", "htm", "xhtml"].contains(ext), head.hasPrefix("<") { return .html }
        return .text
    }
}
