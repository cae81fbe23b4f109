import Foundation
import GazetteCore

/// `gazette-bench fulltext STORE`: the full-text index on a store made by
/// `gazette-bench --keep DIR` (DIR/store-100000): building it from nothing, its size against
/// the articles' text, each typed key of several searches, and sample queries to the full
/// list of results.
func fullTextBenchmark(storePath: String) {
    guard let store = try? ArticleStore.open(at: storePath, create: false) else { print("cannot open \(storePath)"); exit(1) }
    let index = store.index
    unlink(SearchIndex.path(storeRoot: storePath))
    unlink(SearchIndex.path(storeRoot: storePath) + "-wal")
    unlink(SearchIndex.path(storeRoot: storePath) + "-shm")
    guard let search = try? SearchIndex(storeRoot: storePath) else { print("cannot create the index"); exit(1) }
    // Reading the articles is the store's cost, not the index's: read them first, then index.
    var articles: [Article] = []
    articles.reserveCapacity(index.count)
    let t0 = now()
    for p in 0..<index.count { if let a = try? store.article(at: p) { articles.append(a) } }
    let readSeconds = now() - t0
    let textBytes = articles.reduce(0) { $0 + $1.body.utf8.count + $1.title.utf8.count }
    let t1 = now()
    for start in stride(from: 0, to: articles.count, by: 2000) {
        try? search.update(Array(articles[start..<min(articles.count, start + 2000)]))
    }
    let indexSeconds = now() - t1
    articles = []
    let size = ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: search.path + $1)[.size] as? Int) ?? 0) }
    print(String(format: "%d articles: read in %.2f s; indexed in %.2f s (%.0f articles/s); index %.1f MB for %.1f MB of text (%.2fx)",
                 index.count, readSeconds, indexSeconds, Double(index.count) / indexSeconds, Double(size) / 1e6, Double(textBytes) / 1e6,
                 Double(size) / Double(textBytes)))
    queryBenchmark(index: index, search: search)
}

/// Each typed key of several searches through the index, and sample queries to the full
/// list of results, best first and newest first.
func queryBenchmark(index: StoreIndex, search: SearchIndex) {
    let read = Set<ArticleID>()
    let starred = Set<ArticleID>()
    _ = index.positionsByID  // built once per index, before the first key
    func time(_ text: String, newest: Bool = false) -> (Double, Int) {
        let t = now()
        let n = (try? search.positions(SearchQuery(text), in: index, read: read, starred: starred, newestFirst: newest).count) ?? -1
        return ((now() - t) * 1000, n)
    }
    for typed in ["market news", "vaccine", "\"border union\"", "inflation -market", "title:storm"] {
        var worst = 0.0
        var line: [String] = []
        for end in 1...typed.count {
            let (ms, n) = time(String(typed.prefix(end)))
            worst = max(worst, ms)
            line.append(String(format: "%.0f", ms))
            _ = n
        }
        print(String(format: "typing %@: worst key %.1f ms (each key: %@ ms)", typed as NSString, worst, line.joined(separator: " ") as NSString))
    }
    for q in ["economy", "market news", "\"market news\"", "inflation -market", "title:storm", "author:reuters", "folder:science vaccine",
              "is:unread after:2024-06-01 market", "café", "東京"] {
        let (best, n) = time(q)
        let (newest, _) = time(q, newest: true)
        print(String(format: "%@: %d results, best first %.1f ms, newest first %.1f ms", q as NSString, n, best, newest))
    }
}

/// `gazette-bench search [--articles N] [--keep DIR]`: every number issue #15 names, on a
/// generated store of N plain-text articles (100,000 by default): import with and without
/// the full-text index, the index's size against the text, each typed key to its frame
/// (titles filtered at once), and queries through the index to their results.
func searchBenchmark(articles count: Int, keep: String?) {
    let root = keep ?? (NSTemporaryDirectory() + "gazette-bench-search-\(getpid())")
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { if keep == nil { try? FileManager.default.removeItem(atPath: root) } }
    print("Full-text search benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores, \(count) articles in \(root)")
    let src = "\(root)/src-\(count)"
    if !FileManager.default.fileExists(atPath: src) { generate(count, into: src) }
    func timedImport(_ path: String, indexesText: Bool) -> Double {
        try? FileManager.default.removeItem(atPath: path)
        guard let store = try? ArticleStore.open(at: path) else { print("cannot create \(path)"); exit(1) }
        let t = now()
        guard let report = try? Importer(store: store, options: Importer.Options(indexesText: indexesText)).importPaths([src]),
              report.imported == count else { print("the import into \(path) failed"); exit(1) }
        return now() - t
    }
    let plainPath = "\(root)/store-\(count)-no-index", storePath = "\(root)/search-store-\(count)"
    let without = timedImport(plainPath, indexesText: false)
    try? FileManager.default.removeItem(atPath: plainPath)
    let with = timedImport(storePath, indexesText: true)
    print(String(format: "import without the index: %.2f s (%.0f articles/s)", without, Double(count) / without))
    print(String(format: "import with the index:    %.2f s (%.0f articles/s), %.2fx the time without (targets: at least 8,000 articles/s, at most 2x)",
                 with, Double(count) / with, with / without))
    guard let store = try? ArticleStore.open(at: storePath, create: false), let search = store.search else { print("cannot open \(storePath)"); exit(1) }
    var textBytes = 0
    for p in 0..<store.index.count { if let a = try? store.article(at: p) { textBytes += a.body.utf8.count + a.title.utf8.count } }
    let size = ["", "-wal"].reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: search.path + $1)[.size] as? Int) ?? 0) }
    print(String(format: "index: %.1f MB for %.1f MB of article text, %.2fx (target: at most 1.5x)",
                 Double(size) / 1e6, Double(textBytes) / 1e6, Double(size) / Double(textBytes)))
    if let (child, _) = runChild(["open", storePath]) {
        print(String(format: "typing \"market news\" over All articles in the reader: slowest key to its frame %.1f ms (target: at most 20 ms)",
                     child["search_key_worst_ms"] ?? -1))
    }
    print("through the index (target: at most 50 ms to the first screen of results):")
    queryBenchmark(index: store.index, search: search)
    if keep == nil { try? FileManager.default.removeItem(atPath: storePath) }
}
