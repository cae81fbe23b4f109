import Foundation

/// The feeds a person follows, kept as an OPML file in the config folder
/// (`$XDG_CONFIG_HOME/gazette/feeds.opml`, else `~/.config/gazette/feeds.opml`).
///
/// OPML is the format every feed reader imports and exports, and a person can edit it by
/// hand, so the list *is* an OPML document: importing one merges it, exporting prints it.
public struct FeedList: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var url: String
        public var title: String?
        public var category: String?
        /// Fetch each new item's web page and keep its full text (for summary-only feeds).
        public var fullText: Bool
        /// This feed's own `max-items` (the OPML attribute `maxItems`), over the config's.
        public var maxItems: Int? = nil
        public init(url: String, title: String? = nil, category: String? = nil, fullText: Bool = false) {
            self.url = url
            self.title = title
            self.category = category
            self.fullText = fullText
        }
    }

    public var entries: [Entry] = []

    public init(entries: [Entry] = []) { self.entries = entries }

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/gazette/feeds.opml" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/gazette/feeds.opml"
    }

    /// Reads the list; a missing file is an empty list, an unreadable one an error naming it.
    public static func load(from path: String) throws(StoreError) -> FeedList {
        guard FileSystem.exists(path) else { return FeedList() }
        return try parseOPML(try FileSystem.read(path, limit: 16 << 20), path: path)
    }

    /// Parses OPML: every `outline` with an `xmlUrl`, its `title`/`text`, and as category its
    /// `category` attribute or the title of the outline folder it sits in.
    public static func parseOPML(_ bytes: [UInt8], path: String) throws(StoreError) -> FeedList {
        guard let doc = MarkupDocument.xml(bytes), let root = doc.root, root.name == "opml" else {
            throw StoreError("read the feed list", path: path, reason: "not an OPML file")
        }
        var list = FeedList()
        func visit(_ node: MarkupNode, folder: String?) {
            for outline in node.all("outline") {
                let title = (outline.attribute("title") ?? outline.attribute("text"))?.trimmingWhitespace().nilIfEmpty
                if let url = outline.attribute("xmlUrl")?.trimmingWhitespace().nilIfEmpty ?? outline.attribute("xmlurl")?.trimmingWhitespace().nilIfEmpty {
                    let category = outline.attribute("category")?.split(separator: ",").first.map { String($0).trimmingWhitespace() }
                        .flatMap { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }?.nilIfEmpty ?? folder
                    var entry = Entry(url: url, title: title == url ? nil : title, category: category,
                                      fullText: outline.attribute("gazetteFullText")?.lowercased() == "true")
                    entry.maxItems = outline.attribute("maxItems").flatMap { Int($0.trimmingWhitespace()) }.flatMap { $0 >= 0 ? $0 : nil }
                    list.add(entry)
                } else {
                    visit(outline, folder: title ?? folder)
                }
            }
        }
        visit(root.first("body") ?? root, folder: nil)
        return list
    }

    /// Adds a feed, or updates the title/category of one already listed. Returns false when it was there.
    @discardableResult
    public mutating func add(_ entry: Entry) -> Bool {
        if let i = entries.firstIndex(where: { Self.sameFeed($0.url, entry.url) }) {
            entries[i].title = entry.title ?? entries[i].title
            entries[i].category = entry.category ?? entries[i].category
            entries[i].fullText = entries[i].fullText || entry.fullText
            return false
        }
        entries.append(entry)
        return true
    }

    /// Removes a feed; returns false when it was not listed.
    @discardableResult
    public mutating func remove(_ url: String) -> Bool {
        let before = entries.count
        entries.removeAll { Self.sameFeed($0.url, url) }
        return entries.count != before
    }

    static func sameFeed(_ a: String, _ b: String) -> Bool {
        ArticleID.canonicalURL(a) == ArticleID.canonicalURL(b)
    }

    /// Feeds with a `max-items` of their own, by URL.
    public var maxItemsPerFeed: [String: Int] {
        Dictionary(entries.compactMap { e in e.maxItems.map { (e.url, $0) } }, uniquingKeysWith: { a, _ in a })
    }

    public func opml() -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>Gazette feeds</title></head>\n  <body>\n"
        for e in entries {
            var attributes = "type=\"rss\" xmlUrl=\"\(escape(e.url))\""
            if let t = e.title { attributes = "text=\"\(escape(t))\" title=\"\(escape(t))\" " + attributes } else { attributes = "text=\"\(escape(e.url))\" " + attributes }
            if let c = e.category { attributes += " category=\"\(escape(c))\"" }
            if e.fullText { attributes += " gazetteFullText=\"true\"" }
            if let n = e.maxItems { attributes += " maxItems=\"\(n)\"" }
            out += "    <outline \(attributes)/>\n"
        }
        out += "  </body>\n</opml>\n"
        return out
    }

    /// Writes the list atomically, creating the config folder.
    public func save(to path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        try FileSystem.makeDirectories(folder)
        try FileSystem.writeAtomically(Array(opml().utf8), to: path, tmpDir: folder)
    }
}
