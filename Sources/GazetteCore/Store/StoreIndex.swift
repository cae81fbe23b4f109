import Foundation

/// The derived index: what start-up reads instead of every article file.
///
/// Held as the index file's bytes plus one fixed-size entry per article, so opening a store
/// of 100,000 articles is one read and one pass over ~10 MB; titles and authors become
/// Strings only when a row is drawn. Entries are sorted newest first.
///
/// File format (UTF-8 text, tab-separated, one record per line):
/// ```
/// gazette-index	2	<article count>
/// a	<mtime of articles/ in ns>
/// d	<slug>	<mtime of articles/<slug>/ in ns>	<category name>     one per category folder
/// f	<feed name>                                              one per feed (site) named
/// (blank line)
/// <id>	<category number>	<feed number or ->	<unix seconds>	<p|i>	<author>	<title>
/// ```
/// The feed is the article's `siteName` (a feed's title, a site's name): folders of feeds
/// list their feeds beneath them.
/// `p` marks a publication date, `i` an import date. Tabs and newlines in text become spaces.
public struct StoreIndex: Sendable {
    public struct Category: Sendable, Equatable {
        public var slug: String
        public var name: String
        /// Modification time of the category folder when indexed; a different time means stale.
        public var folderStamp: Int64
        public var count: Int
    }

    public struct Entry: Sendable {
        public var id: ArticleID
        public var category: Int
        /// Index into `feeds`, or -1.
        public var feed: Int32
        public var date: Int64
        public var isPublicationDate: Bool
        fileprivate var textStart: Int32
        fileprivate var lineEnd: Int32
    }

    /// What a list row shows.
    public struct Summary: Sendable, Equatable {
        public var id: ArticleID
        public var title: String
        public var author: String?
        public var category: String
        /// The feed or site it came from, when known.
        public var feed: String?
        public var date: Date
        public var isPublicationDate: Bool
    }

    /// A record to write: what `build` takes.
    public struct Record: Sendable {
        public var id: ArticleID
        public var categorySlug: String
        public var categoryName: String
        public var feed: String?
        public var date: Int64
        public var isPublicationDate: Bool
        public var author: String?
        public var title: String

        public init(article: Article) {
            id = article.id
            categorySlug = CategoryName.slug(article.category)
            categoryName = article.category
            feed = article.siteName.flatMap { $0.isEmpty ? nil : $0 }
            date = Int64(floor(article.sortDate.timeIntervalSince1970))
            isPublicationDate = article.published != nil
            author = article.author
            title = article.title
        }

        public init(id: ArticleID, categorySlug: String, categoryName: String, feed: String? = nil, date: Int64,
                    isPublicationDate: Bool, author: String?, title: String) {
            self.id = id
            self.categorySlug = categorySlug
            self.categoryName = categoryName
            self.feed = feed
            self.date = date
            self.isPublicationDate = isPublicationDate
            self.author = author
            self.title = title
        }
    }

    public static let formatVersion = 2

    public private(set) var bytes: [UInt8]
    public private(set) var entries: [Entry]
    public private(set) var categories: [Category]
    /// The feeds (sites) articles name, in name order.
    public private(set) var feeds: [String]
    public private(set) var articlesStamp: Int64
    private let lookup = Lookup()

    public var count: Int { entries.count }

    public static let empty = StoreIndex(bytes: [], entries: [], categories: [], feeds: [], articlesStamp: 0)

    // MARK: Reading

    public func summary(at position: Int) -> Summary {
        let e = entries[position]
        let (author, title) = texts(of: e)
        return Summary(id: e.id, title: title, author: author.isEmpty ? nil : author,
                       category: categories[e.category].name, feed: e.feed >= 0 ? feeds[Int(e.feed)] : nil,
                       date: Date(timeIntervalSince1970: TimeInterval(e.date)),
                       isPublicationDate: e.isPublicationDate)
    }

    public func record(at position: Int) -> Record {
        let e = entries[position]
        let (author, title) = texts(of: e)
        let c = categories[e.category]
        return Record(id: e.id, categorySlug: c.slug, categoryName: c.name, feed: e.feed >= 0 ? feeds[Int(e.feed)] : nil, date: e.date,
                      isPublicationDate: e.isPublicationDate, author: author.isEmpty ? nil : author, title: title)
    }

    private func texts(of e: Entry) -> (String, String) {
        bytes.withUnsafeBufferPointer { buf in
            var tab = Int(e.textStart)
            let end = Int(e.lineEnd)
            while tab < end, buf[tab] != 9 { tab += 1 }
            let author = String(decoding: UnsafeBufferPointer(rebasing: buf[Int(e.textStart)..<tab]), as: UTF8.self)
            let titleStart = min(tab + 1, end)
            let title = String(decoding: UnsafeBufferPointer(rebasing: buf[titleStart..<end]), as: UTF8.self)
            return (author, title)
        }
    }

    /// Positions of the entries in one category, newest first.
    public func positions(inCategory category: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(categories[category].count)
        for (i, e) in entries.enumerated() where e.category == category { out.append(i) }
        return out
    }

    /// Positions of the given ids, newest first (ids not in the index are left out).
    public func positions(of ids: Set<ArticleID>) -> [Int] {
        guard !ids.isEmpty else { return [] }
        var out: [Int] = []
        for (i, e) in entries.enumerated() where ids.contains(e.id) { out.append(i) }
        return out
    }

    /// The positions among `positions` whose title or author holds every word of `query`,
    /// ignoring case and accents ("cafe" finds "Café", "ZURICH" finds "Zürich"); words in
    /// scripts without spaces match anywhere ("東京" finds "東京都"). Order is kept.
    public func positions(_ positions: [Int], matching query: String) -> [Int] {
        // Each word once, and no more than a query searches (a pasted page is not 10,000
        // comparisons per title).
        var seen = Set<[UInt8]>()
        let words = SearchFolding.fold(query).split(separator: 32).map(Array.init).filter { seen.insert($0).inserted }
            .prefix(SearchQuery.maxWords)
        guard !words.isEmpty else { return positions }
        return bytes.withUnsafeBufferPointer { buf in
            var folded: [UInt8] = []
            return positions.filter { position in
                let e = entries[position]
                let text = UnsafeBufferPointer(rebasing: buf[Int(e.textStart)..<Int(e.lineEnd)])
                if text.allSatisfy({ $0 < 0x80 }) {
                    // The common case: ASCII compared in place, any case.
                    return words.allSatisfy { Self.containsIgnoringASCIICase(text, $0) }
                }
                folded.removeAll(keepingCapacity: true)
                SearchFolding.fold(text, into: &folded)
                return words.allSatisfy { Bytes.contains(folded, $0) }
            }
        }
    }

    /// Whether lowercased `needle` occurs in ASCII `text`, any case.
    private static func containsIgnoringASCIICase(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= text.count else { return needle.isEmpty }
        let last = text.count - needle.count
        var i = 0
        while i <= last {
            let b = text[i]
            if (b >= 65 && b <= 90 ? b + 32 : b) == first {
                var k = 1
                while k < needle.count {
                    let c = text[i + k]
                    if (c >= 65 && c <= 90 ? c + 32 : c) != needle[k] { break }
                    k += 1
                }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    public func position(of id: ArticleID) -> Int? {
        entries.firstIndex { $0.id == id }
    }

    /// Each article's position, built on first use (a search maps its ids through it).
    public var positionsByID: [ArticleID: Int] { lookup.positions(entries) }

    /// Which index this is: a copy is the same object, a reload or rebuild another (for
    /// caches of what is derived from it; hold it weakly and compare with ===).
    public var identity: AnyObject { lookup }

    final class Lookup: @unchecked Sendable {
        private let lock = NSLock()
        private var built: [ArticleID: Int]?
        func positions(_ entries: [Entry]) -> [ArticleID: Int] {
            lock.lock()
            defer { lock.unlock() }
            if let built { return built }
            var map = [ArticleID: Int](minimumCapacity: entries.count)
            for (i, e) in entries.enumerated() { map[e.id] = i }
            built = map
            return map
        }
    }

    public func categoryIndex(named name: String) -> Int? {
        let slug = CategoryName.slug(name)
        return categories.firstIndex { $0.slug == slug }
    }

    // MARK: Building

    /// Serializes records (any order) into index bytes.
    public static func build(records: [Record], folderStamps: [String: Int64], articlesStamp: Int64) -> [UInt8] {
        var slugs: [String] = []
        var names: [String: String] = [:]
        var counts: [String: Int] = [:]
        for r in records {
            if names[r.categorySlug] == nil {
                names[r.categorySlug] = r.categoryName
                slugs.append(r.categorySlug)
            }
            counts[r.categorySlug, default: 0] += 1
        }
        slugs.sort { names[$0]!.localizedStandardCompare(names[$1]!) == .orderedAscending }
        var feedNames = Array(Set(records.compactMap { $0.feed.map(clean) }))
        feedNames.sort { $0.localizedStandardCompare($1) == .orderedAscending }
        var feedNumber: [String: Int] = [:]
        for (i, f) in feedNames.enumerated() { feedNumber[f] = i }
        var number: [String: Int] = [:]
        for (i, s) in slugs.enumerated() { number[s] = i }
        let sorted = records.sorted { $0.date != $1.date ? $0.date > $1.date : $0.id < $1.id }

        var out: [UInt8] = []
        out.reserveCapacity(records.count * 100 + 256)
        out.append(contentsOf: "gazette-index\t\(formatVersion)\t\(records.count)\n".utf8)
        out.append(contentsOf: "a\t\(articlesStamp)\n".utf8)
        for s in slugs {
            out.append(contentsOf: "d\t\(s)\t\(folderStamps[s] ?? 0)\t\(clean(names[s]!))\n".utf8)
        }
        for f in feedNames { out.append(contentsOf: "f\t\(f)\n".utf8) }
        out.append(10)
        for r in sorted {
            out.append(contentsOf: r.id.description.utf8)
            out.append(9)
            out.append(contentsOf: String(number[r.categorySlug]!).utf8)
            out.append(9)
            if let f = r.feed.map(clean), let n = feedNumber[f] { out.append(contentsOf: String(n).utf8) } else { out.append(45) }
            out.append(9)
            out.append(contentsOf: String(r.date).utf8)
            out.append(9)
            out.append(r.isPublicationDate ? 112 : 105)
            out.append(9)
            out.append(contentsOf: clean(r.author ?? "").utf8)
            out.append(9)
            out.append(contentsOf: clean(r.title).utf8)
            out.append(10)
        }
        return out
    }

    private static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }

    // MARK: Parsing

    public enum ParseError: Error, Equatable { case notAnIndex, unsupportedVersion(Int), malformed(line: Int) }

    /// Parses index bytes in one pass; ids and numbers are decoded, text stays as bytes.
    public static func parse(_ bytes: [UInt8]) throws(ParseError) -> StoreIndex {
        var entries: [Entry] = []
        var categories: [Category] = []
        var feeds: [String] = []
        var articlesStamp: Int64 = 0
        let result: ParseError? = bytes.withUnsafeBufferPointer { buf -> ParseError? in
            let n = buf.count
            var pos = 0
            var lineNumber = 0
            func lineEnd(from p: Int) -> Int {
                var q = p
                while q < n, buf[q] != 10 { q += 1 }
                return q
            }
            func fields(_ start: Int, _ end: Int) -> [String] {
                String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
                    .split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
            // Header.
            var end = lineEnd(from: pos)
            let head = fields(pos, end)
            guard head.count >= 3, head[0] == "gazette-index" else { return .notAnIndex }
            guard Int(head[1]) == formatVersion else { return .unsupportedVersion(Int(head[1]) ?? -1) }
            let expected = Int(head[2]) ?? 0
            entries.reserveCapacity(expected)
            pos = end + 1
            lineNumber = 1
            while pos < n {
                end = lineEnd(from: pos)
                lineNumber += 1
                if end == pos { pos = end + 1; break }
                let f = fields(pos, end)
                if f[0] == "a", f.count >= 2 {
                    articlesStamp = Int64(f[1]) ?? 0
                } else if f[0] == "d", f.count >= 4 {
                    categories.append(Category(slug: f[1], name: f[3], folderStamp: Int64(f[2]) ?? 0, count: 0))
                } else if f[0] == "f", f.count >= 2 {
                    feeds.append(f[1])
                } else {
                    return .malformed(line: lineNumber)
                }
                pos = end + 1
            }
            // Records: <16 hex>\t<cat>\t<feed|->\t<date>\t<p|i>\t<author>\t<title>\n
            while pos < n {
                lineNumber += 1
                var p = pos
                var id: UInt64 = 0
                for _ in 0..<16 {
                    guard p < n else { return .malformed(line: lineNumber) }
                    let c = buf[p]
                    let v: UInt8
                    switch c {
                    case 48...57: v = c - 48
                    case 97...102: v = c - 87
                    default: return .malformed(line: lineNumber)
                    }
                    id = id << 4 | UInt64(v)
                    p += 1
                }
                guard p < n, buf[p] == 9 else { return .malformed(line: lineNumber) }
                p += 1
                var cat = 0
                while p < n, buf[p] >= 48, buf[p] <= 57 { cat = cat * 10 + Int(buf[p] - 48); p += 1 }
                guard p < n, buf[p] == 9, cat < categories.count else { return .malformed(line: lineNumber) }
                p += 1
                var feed: Int32 = -1
                if p < n, buf[p] == 45 {
                    p += 1
                } else {
                    var f = 0
                    while p < n, buf[p] >= 48, buf[p] <= 57, f < Int(Int32.max) / 10 { f = f * 10 + Int(buf[p] - 48); p += 1 }
                    guard f < feeds.count else { return .malformed(line: lineNumber) }
                    feed = Int32(f)
                }
                guard p < n, buf[p] == 9 else { return .malformed(line: lineNumber) }
                p += 1
                var negative = false
                if p < n, buf[p] == 45 { negative = true; p += 1 }
                var date: Int64 = 0
                while p < n, buf[p] >= 48, buf[p] <= 57 { date = date * 10 + Int64(buf[p] - 48); p += 1 }
                if negative { date = -date }
                guard p + 2 < n, buf[p] == 9, buf[p + 2] == 9 else { return .malformed(line: lineNumber) }
                let published = buf[p + 1] == 112
                p += 3
                let textStart = p
                while p < n, buf[p] != 10 { p += 1 }
                entries.append(Entry(id: ArticleID(rawValue: id), category: cat, feed: feed, date: date,
                                     isPublicationDate: published, textStart: Int32(textStart), lineEnd: Int32(p)))
                categories[cat].count += 1
                pos = p + 1
            }
            return nil
        }
        if let result { throw result }
        return StoreIndex(bytes: bytes, entries: entries, categories: categories, feeds: feeds, articlesStamp: articlesStamp)
    }
}

extension StoreIndex: Equatable {
    /// Two indexes are equal when they were built from the same bytes.
    public static func == (lhs: StoreIndex, rhs: StoreIndex) -> Bool {
        lhs.articlesStamp == rhs.articlesStamp && lhs.bytes == rhs.bytes
    }
}
