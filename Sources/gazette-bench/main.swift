import CGazetteSupport
import Foundation
import GazetteCore
import GazetteUI

// gazette-bench: measures what users feel. Run with `swift run -c release gazette-bench`.
//
//   gazette-bench [store] [--sizes 1000,10000,100000] [--keep DIR]
//       generate stores, import them, then open each in a fresh process
//   gazette-bench sync [ITEMS]     gazette sync against a real FreshRSS (../shared/servers)
//   gazette-bench search [--articles N] [--keep DIR]
//       full-text search: import with and without the index, its size, typed keys, queries
//   gazette-bench fulltext STORE   build the index of a kept store alone, then the queries
//   gazette-bench queries STORE    the queries alone, on the store's index as it is
//   gazette-bench titles [COUNT]   the title filter alone over COUNT generated titles
//   gazette-bench feed [ITEMS]     import one RSS file of ITEMS items
//   gazette-bench open STORE       (internal) open a store in this process and report as JSON

let words = """
government minister election market shares economy growth inflation council city police court report \
energy climate storm football season coach players record company profit workers union strike talks \
peace border trade deal health hospital doctors vaccine school students teachers budget taxes bank \
rates housing prices science research space launch technology software phone data privacy security
""".split(separator: " ").map(String.init)

let categories = ["International News", "Business", "Politics", "Technology", "Science", "Sports",
                  "Health", "Culture", "Opinion", "Local", "Environment", "Travel"]

struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func sentence(_ count: Int) -> String {
        var s = (0..<count).map { _ in words[int(words.count)] }.joined(separator: " ")
        s = s.prefix(1).uppercased() + s.dropFirst()
        return s + "."
    }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func wallClock() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Resident memory now and at peak, in MB, from /proc/self/status.
func memory() -> (rss: Double, peak: Double) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func value(_ key: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0) / 1024
        }
        return 0
    }
    return (value("VmRSS:"), value("VmHWM:"))
}

/// Writes `count` scraped-style text articles into `dir`, spread over category folders.
func generate(_ count: Int, into dir: String) {
    var rng = Random(state: UInt64(count))
    let base = 1_700_000_000.0
    for i in 0..<count {
        let category = categories[i % categories.count]
        let folder = "\(dir)/\(CategoryName.slug(category))"
        if i < categories.count { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let date = ISODate.format(Date(timeIntervalSince1970: base + Double(rng.int(86_400 * 365))))
        var text = "Please Wait...\n\nThe Daily Bench\n\n\(rng.sentence(6 + rng.int(6))) #\(i)\n"
        text += "folder_open\(category) access_time \(date)\nstarAdd to favorites\n\nBy \(rng.sentence(2))\n\n"
        for _ in 0..<(4 + rng.int(8)) { text += rng.sentence(20 + rng.int(40)) + "\n\n" }
        text += "Comments\n"
        FileManager.default.createFile(atPath: "\(folder)/\(i).txt", contents: Data(text.utf8))
    }
}

/// A screen that only remembers the last frame.
final class NullBackend: TerminalBackend {
    var size = Size(width: 120, height: 40)
    var frames = 0
    func present(_ screen: Screen) { frames += 1 }
    func nextEvent(timeoutMilliseconds: Int) -> TerminalEvent? { .terminate }
    func runProgram(_ arguments: [String]) -> Int32? { nil }
}

/// In a fresh process: open the store, draw the first frame, then time keys and a big article.
func openStore(_ path: String, bigArticle: String?) {
    let t0 = now()
    guard let store = try? ArticleStore.open(at: path, create: false) else { print("{\"error\": \"cannot open\"}"); exit(1) }
    let tOpen = now()
    let source = FileArticleSource(store: store)
    let backend = NullBackend()
    let app = App(source: source, backend: backend)
    let first = Renderer.render(app.state)
    let tFrame = now()
    let frameWall = wallClock()
    let afterOpen = memory()
    _ = first
    // Keys: walk every folder (each recomputes its article list), then page and step through lists.
    var worst = 0.0, total = 0.0, count = 0
    func key(_ action: Action) {
        let t = now()
        app.dispatch(action)
        _ = Renderer.render(app.state)
        let dt = now() - t
        worst = max(worst, dt)
        total += dt
        count += 1
    }
    for _ in 0..<app.state.folders.count { key(.move(.down)) }
    key(.move(.first))
    key(.focusArticles)
    for _ in 0..<200 { key(.move(.down)) }
    for _ in 0..<50 { key(.move(.pageDown)) }
    key(.move(.last))
    key(.move(.first))
    // Reading an article: load it, mark it read (an append), recount unread in every folder.
    for _ in 0..<5 {
        key(.open)
        key(.back)
        key(.move(.down))
    }
    key(.focusFolders)
    key(.move(.down))  // Favorites
    key(.move(.up))
    // Typing a search over All articles: each key filters every title and author.
    let keysBefore = (worst, total, count)
    worst = 0
    key(.move(.first))
    key(.startSearch)
    for c in "market news" { key(.searchType(c)) }
    key(.clearSearch)
    let searchWorst = worst
    worst = keysBefore.0
    var bigOpen = -1.0
    if let bigArticle, let id = ArticleID(bigArticle) {
        let t = now()
        if let a = try? store.article(id) {
            var state = app.state
            state.reader = ReaderState(articleID: id, title: a.title)
            state.mode = .reader
            _ = Reducer.reduce(&state, .articleLoaded(a))
            _ = Renderer.render(state)
            bigOpen = now() - t
        }
    }
    let mem = memory()
    let result: [String: Double] = [
        "open_ms": (tOpen - t0) * 1000, "first_frame_ms": (tFrame - t0) * 1000, "first_frame_wall": frameWall,
        "key_worst_ms": worst * 1000, "search_key_worst_ms": searchWorst * 1000, "key_mean_ms": total / Double(count) * 1000, "big_article_ms": bigOpen * 1000,
        "rss_mb": mem.rss, "peak_rss_mb": mem.peak, "articles": Double(store.index.count),
        "open_rss_mb": afterOpen.rss,
    ]
    let data = try! JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

func runChild(_ arguments: [String]) -> (json: [String: Double], launchedAt: Double)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0].hasPrefix("/")
        ? CommandLine.arguments[0] : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0])
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    let launchedAt = wallClock()
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else { return nil }
    return (object, launchedAt)
}

func storeBenchmark(sizes: [Int], keep: String?) {
    let root = keep ?? (NSTemporaryDirectory() + "gazette-bench-\(getpid())")
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    print("Gazette benchmark: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores, store in \(root)")
    print("")
    print(String(format: "%9@ %9@ %11@ %8@ %13@ %12@ %11@ %11@ %11@ %12@ %8@", "articles" as NSString, "import s" as NSString,
                 "articles/s" as NSString, "open ms" as NSString, "open RSS MB" as NSString, "1st frame ms" as NSString,
                 "key max ms" as NSString, "search ms" as NSString, "1MB art ms" as NSString, "final RSS MB" as NSString,
                 "peak MB" as NSString))
    for size in sizes {
        let src = "\(root)/src-\(size)"
        let storePath = "\(root)/store-\(size)"
        try? FileManager.default.removeItem(atPath: storePath)
        if !FileManager.default.fileExists(atPath: src) { generate(size, into: src) }
        // A 1 MB article to open.
        var rng = Random(state: 7)
        var big = "A very long article\n\nLongform | 2024-01-01\n\n"
        while big.utf8.count < 1_000_000 { big += rng.sentence(30 + rng.int(60)) + "\n\n" }
        let bigPath = "\(root)/big-article.txt"
        FileManager.default.createFile(atPath: bigPath, contents: Data(big.utf8))
        guard let store = try? ArticleStore.open(at: storePath) else { print("cannot create \(storePath)"); exit(1) }
        let t = now()
        let report: Importer.Report
        do { report = try Importer(store: store).importPaths([src]) } catch { print("import failed: \(error)"); exit(1) }
        let importSeconds = now() - t
        let bigReport = try? Importer(store: store).importPaths([bigPath])
        var bigID: String?
        if case .imported(let id, _)? = bigReport?.results.first?.outcome { bigID = id.description }
        guard let (child, launchedAt) = runChild(["open", storePath] + (bigID.map { [$0] } ?? [])) else {
            print("the open benchmark failed"); exit(1)
        }
        let launchToFrame = ((child["first_frame_wall"] ?? 0) - launchedAt) * 1000
        print(String(format: "%9d %9.2f %11.0f %8.1f %13.1f %12.1f %11.2f %11.2f %11.1f %12.1f %8.1f", size, importSeconds,
                     Double(report.imported) / importSeconds, child["open_ms"] ?? -1, child["open_rss_mb"] ?? -1, launchToFrame,
                     child["key_worst_ms"] ?? -1, child["search_key_worst_ms"] ?? -1, child["big_article_ms"] ?? -1, child["rss_mb"] ?? -1,
                     child["peak_rss_mb"] ?? -1))
        if report.imported != size { print("  warning: imported \(report.imported) of \(size); refused \(report.refused.count)") }
    }
    print("")
    print("import s: wall time of `import` of plain-text scraped pages (parse, write, one syncfs per 2,000).")
    print("open ms: ArticleStore.open in a fresh process. 1st frame ms: process launch to the first full frame.")
    print("open RSS MB: resident memory of that process right after the first frame.")
    print("key max ms: slowest key-to-frame over folder moves, 250 list moves and pages, and opening 5 articles")
    print("  (each read: loaded, marked read in read.log, unread counts redone).")
    print("search ms: slowest key-to-frame while typing an 11-letter search over All articles.")
    print("1MB art ms: read, lay out and draw a 1 MB article. final RSS / peak MB: after all that.")
    if keep == nil { try? FileManager.default.removeItem(atPath: root) }
}

/// Imports one RSS file of `count` items (HTML content, links, dates) into a new store.
func feedBenchmark(count: Int) {
    let root = NSTemporaryDirectory() + "gazette-bench-feed-\(getpid())"
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: root) }
    var rng = Random(state: 11)
    var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Bench Feed</title><link>https://bench.example/</link>\n"
    for i in 0..<count {
        let date = Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 60)
        xml += "<item><title>\(rng.sentence(8)) \(i)</title><link>https://bench.example/\(i)</link><guid>item-\(i)</guid>"
        xml += "<pubDate>\(rfc822(date))</pubDate><description><![CDATA[<p>\(rng.sentence(30))</p><p>\(rng.sentence(40)) <a href=\"/x/\(i)\">more</a></p><ul><li>\(rng.sentence(5))</li></ul>]]></description></item>\n"
    }
    xml += "</channel></rss>\n"
    let path = root + "/feed.xml"
    _ = FileManager.default.createFile(atPath: path, contents: Data(xml.utf8))
    guard let store = try? ArticleStore.open(at: root + "/store") else { print("cannot create the store"); exit(1) }
    let t = now()
    guard let report = try? Importer(store: store).importPaths([path]) else { print("import failed"); exit(1) }
    let seconds = now() - t
    print(String(format: "Feed import: %d items (%.1f MB of RSS) in %.3f s (%.0f items/s), %d imported",
                 count, Double(xml.utf8.count) / 1e6, seconds, Double(count) / seconds, report.imported))
}

func rfc822(_ date: Date) -> String {
    let (y, m, d, hh, mm, ss) = CivilDate.components(fromUnix: Int64(date.timeIntervalSince1970))
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return String(format: "%02d ", d) + months[m - 1] + String(format: " %04d %02d:%02d:%02d GMT", y, hh, mm, ss)
}

/// Reader-mode extraction on a corpus: the article-extraction benchmark's layout
/// (ground-truth.json + html/<id>.html.gz), or mozilla-readability-test-pages' (<case>/source.html
/// + expected.html, whose text is the truth). Prints the corpus metric, speed and the ten worst pages.
func extractBenchmark(corpus: String, limit: Int?) {
    var cases: [(id: String, path: String, truth: String)] = []
    if let data = FileManager.default.contents(atPath: corpus + "/ground-truth.json"),
       let truth = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] {
        cases = truth.keys.sorted().map { ($0, "\(corpus)/html/\($0).html.gz", truth[$0]?["articleBody"] as? String ?? "") }
    } else {
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted() {
            guard let expected = FileManager.default.contents(atPath: "\(corpus)/\(name)/expected.html") else { continue }
            // The truth is the text of Readability's output: images (their alt text) are not text,
            // as in the benchmark's own articleBody.
            let html = String(decoding: expected, as: UTF8.self).replacingOccurrences(of: "<img[^>]*>", with: "", options: .regularExpression)
            cases.append((name, "\(corpus)/\(name)/source.html", HTMLText.convert(html, links: false)))
        }
    }
    guard !cases.isEmpty else { print("no ground-truth.json or <case>/expected.html in \(corpus)"); exit(2) }
    if let limit { cases = Array(cases.prefix(limit)) }
    var pages: [(String, ExtractionScore.Page)] = []
    var seconds = 0.0
    for item in cases {
        let t = now()
        let result = ArticleExtractor.extract(file: item.path)
        seconds += now() - t
        pages.append((item.id, ExtractionScore.page(predicted: result?.text ?? "", truth: item.truth)))
    }
    let score = ExtractionScore.corpus(pages.map(\.1))
    print(String(format: "Extraction on %d pages: F1 %.3f  precision %.3f  recall %.3f  accuracy %.3f  %.0f pages/s (%.1f ms/page)",
                 pages.count, score.f1, score.precision, score.recall, score.accuracy, Double(pages.count) / seconds,
                 seconds / Double(pages.count) * 1000))
    if ProcessInfo.processInfo.environment["GAZETTE_BENCH_PAGES"] != nil {
        for (id, page) in pages { print(String(format: "page %.3f  %.3f  %.3f  %@", page.f1, page.precision ?? 0, page.recall ?? 0, id as NSString)) }
    }
    print("Worst pages (F1, precision, recall):")
    for (id, page) in pages.sorted(by: { $0.1.f1 < $1.1.f1 }).prefix(10) {
        print(String(format: "  %.3f  %.3f  %.3f  %@", page.f1, page.precision ?? 0, page.recall ?? 0, id as NSString))
    }
}

/// Title and byline agreement with mozilla-readability-test-pages' expected-metadata.json.
func metadataBenchmark(corpus: String) {
    let cases = ((try? FileManager.default.contentsOfDirectory(atPath: corpus)) ?? []).sorted()
    var total = 0, titles = 0, bylines = 0, exactBylines = 0, both = 0
    var misses: [String] = [], otherMisses: [String] = []
    var extra: [String: (Int, Int)] = [:]
    func norm(_ s: String?) -> String { (s ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    for name in cases {
        let dir = "\(corpus)/\(name)"
        guard let m = FileManager.default.contents(atPath: dir + "/expected-metadata.json"),
              let expected = try? JSONSerialization.jsonObject(with: m) as? [String: Any],
              let html = FileManager.default.contents(atPath: dir + "/source.html") else { continue }
        total += 1
        let result = ArticleExtractor.extract(html: [UInt8](html), url: "http://fakehost/test/page.html")
        let title = norm(expected["title"] as? String), byline = norm(expected["byline"] as? String)
        let titleAgrees = norm(result?.title) == title, bylineAgrees = ExtractionScore.bylineWords(result?.byline) == ExtractionScore.bylineWords(byline)
        if titleAgrees && bylineAgrees { both += 1 }
        if titleAgrees { titles += 1 } else { misses.append("\(name): title \"\(norm(result?.title))\" != \"\(title)\"") }
        if norm(result?.byline) == byline { exactBylines += 1 }
        if bylineAgrees { bylines += 1 } else { misses.append("\(name): byline \"\(norm(result?.byline))\" != \"\(byline)\"") }
        // The other fields, where the case states them.
        func check(_ field: String, _ ours: String?, same: (String, String) -> Bool = { $0 == $1 }) {
            guard let want = expected[field] as? String, !want.isEmpty else { return }
            extra[field, default: (0, 0)].1 += 1
            if let ours, same(norm(ours), norm(want)) { extra[field, default: (0, 0)].0 += 1 }
            else { otherMisses.append("\(name): \(field) \"\(ours ?? "-")\" != \"\(want)\"") }
        }
        check("siteName", result?.siteName)
        check("lang", result?.language) { $0.lowercased().prefix(2) == $1.lowercased().prefix(2) }
        check("dir", result?.direction)
        check("publishedTime", result?.published.map(ISODate.format)) { a, b in
            guard let x = ISODate.parse(a), let y = FeedDate.parse(b) else { return false }
            return abs(x.timeIntervalSince(y)) < 60
        }
    }
    let percent = { (n: Int) in Double(n) * 100 / Double(max(total, 1)) }
    print(String(format: "Metadata on %d pages: title %.1f%%, byline %.1f%% (as words, without a leading \"By\"; %.1f%% character for character), both on %.1f%% of pages",
                 total, percent(titles), percent(bylines), percent(exactBylines), percent(both)))
    print("Other fields, where the case states them: " + extra.keys.sorted().map { k in
        "\(k) \(extra[k]!.0)/\(extra[k]!.1)" }.joined(separator: ", ") + " (language by its first two letters)")
    for miss in misses.prefix(60) { print("  " + miss) }
    if ProcessInfo.processInfo.environment["GAZETTE_BENCH_PAGES"] != nil { for miss in otherMisses { print("  " + miss) } }
}

var args = Array(CommandLine.arguments.dropFirst())
if args.first == "extract" {
    var corpus = "../shared/corpora/article-extraction-benchmark"
    var metadata: String?
    var limit: Int?
    var i = 1
    while i < args.count {
        switch args[i] {
        case "--corpus" where i + 1 < args.count: corpus = args[i + 1]; i += 1
        case "--metadata" where i + 1 < args.count: metadata = args[i + 1]; i += 1
        case "--limit" where i + 1 < args.count: limit = Int(args[i + 1]); i += 1
        case "--explain" where i + 1 < args.count:
            ArticleExtractor.explain(file: args[i + 1]).forEach { print($0) }
            exit(0)
        case "--text" where i + 1 < args.count:
            print(ArticleExtractor.extract(file: args[i + 1])?.text ?? "(nothing extracted)")
            exit(0)
        default: print("usage: gazette-bench extract [--corpus DIR] [--metadata DIR] [--limit N] | --explain FILE | --text FILE"); exit(2)
        }
        i += 1
    }
    if let metadata { metadataBenchmark(corpus: metadata) } else { extractBenchmark(corpus: corpus, limit: limit) }
    exit(0)
}
/// Searching an index of `count` titles in a script (`latin`: accented Latin; `cjk`: Japanese):
/// the first key of a query (a scan of every title) and a two-word query, each the best of 5.
func titleSearchBenchmark(count: Int) {
    var rng = Random(state: 5)
    let kana = Array("東京都大阪市の新しい政策が発表され経済成長率は予想を上回った市場は反応し株価が上昇した")
    for script in ["ascii", "latin", "cjk"] {
        let records = (0..<count).map { i -> StoreIndex.Record in
            var title: String
            switch script {
            case "ascii": title = rng.sentence(8)
            case "latin": title = rng.sentence(6) + " café à Zürich, naïve résumé"
            default: title = String((0..<20).map { _ in kana[rng.int(kana.count)] })
            }
            return StoreIndex.Record(id: ArticleID(rawValue: UInt64(i + 1)), categorySlug: "c", categoryName: "C",
                                     date: Int64(i), isPublicationDate: true, author: nil, title: title)
        }
        guard let index = try? StoreIndex.parse(StoreIndex.build(records: records, folderStamps: [:], articlesStamp: 0)) else { exit(1) }
        let all = Array(0..<index.count)
        func best(_ query: String) -> (Double, Int) {
            var fastest = Double.infinity, hits = 0
            for _ in 0..<5 {
                let t = now()
                hits = index.positions(all, matching: query).count
                fastest = min(fastest, now() - t)
            }
            return (fastest * 1000, hits)
        }
        let (first, firstHits) = best(script == "cjk" ? "東" : "m")
        let (two, twoHits) = best(script == "cjk" ? "東京 株価" : "market zurich")
        print(String(format: "%@ titles, %d: first key %.1f ms (%d hits), two words %.1f ms (%d hits)",
                     script as NSString, count, first, firstHits, two, twoHits))
    }
}

if args.first == "titles" {
    titleSearchBenchmark(count: args.count > 1 ? Int(args[1]) ?? 100_000 : 100_000)
    exit(0)
}
if args.first == "search" {
    var count = 100_000
    var keepDir: String?
    var k = 1
    while k < args.count {
        if args[k] == "--articles", k + 1 < args.count, let n = Int(args[k + 1]) { count = n; k += 2 }
        else if args[k] == "--keep", k + 1 < args.count { keepDir = args[k + 1]; k += 2 }
        else { print("usage: gazette-bench search [--articles N] [--keep DIR]"); exit(2) }
    }
    searchBenchmark(articles: count, keep: keepDir)
    exit(0)
}
if args.first == "queries", args.count >= 2 {
    guard let store = try? ArticleStore.open(at: args[1], create: false), let search = store.search else { print("cannot open \(args[1])"); exit(1) }
    queryBenchmark(index: store.index, search: search)
    exit(0)
}
if args.first == "fulltext", args.count >= 2 {
    fullTextBenchmark(storePath: args[1])
    exit(0)
}
if args.first == "sync" {
    syncBenchmark(items: args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000)
    exit(0)
}
if args.first == "feed" {
    feedBenchmark(count: args.count > 1 ? Int(args[1]) ?? 10_000 : 10_000)
    exit(0)
}
if args.first == "open", args.count >= 2 {
    openStore(args[1], bigArticle: args.count > 2 ? args[2] : nil)
    exit(0)
}
if args.first == "store" { args.removeFirst() }
var sizes = [1000, 10_000, 100_000]
var keep: String?
var i = 0
while i < args.count {
    switch args[i] {
    case "--sizes" where i + 1 < args.count:
        sizes = args[i + 1].split(separator: ",").compactMap { Int($0) }
        i += 1
    case "--keep" where i + 1 < args.count:
        keep = args[i + 1]
        i += 1
    default:
        print("usage: gazette-bench [store] [--sizes 1000,10000,100000] [--keep DIR] | gazette-bench feed [ITEMS]")
        exit(2)
    }
    i += 1
}
storeBenchmark(sizes: sizes, keep: keep)
