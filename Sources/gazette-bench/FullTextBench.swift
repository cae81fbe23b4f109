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
