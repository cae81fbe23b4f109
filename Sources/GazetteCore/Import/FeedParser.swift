import CGazetteXML
import Foundation

/// A parsed RSS (0.9x, 1.0/RDF, 2.0), Atom (0.3, 1.0) or JSON Feed (1.x) document.
public struct Feed: Sendable {
    public enum Kind: String, Sendable { case rss = "RSS", rdf = "RSS 1.0", atom = "Atom", json = "JSON Feed" }

    public struct Item: Sendable, Equatable {
        public var id: String?
        public var title: String?
        public var link: String?
        public var author: String?
        public var published: Date?
        public var updated: Date?
        /// The fullest text the item has, and whether it is HTML.
        public var content: String?
        public var contentIsHTML = true
        public var summary: String?
        public var summaryIsHTML = true
        /// The base URI in effect for the item's content (xml:base, the feed URL).
        public var base: String?
        public var categories: [String] = []
        /// Media RSS's description (YouTube, video and photo feeds), plain text.
        public var mediaDescription: String?
        /// Attached files: a podcast episode's audio, a video.
        public var enclosures: [Enclosure] = []
    }

    public struct Enclosure: Sendable, Equatable {
        public var url: String
        public var type: String?
        public var length: Int?
    }

    public var kind: Kind
    public var title: String?
    public var link: String?
    public var author: String?
    public var subtitle: String?
    /// False when the XML was not well-formed and the parser recovered what it could.
    public var wellFormed = true
    public var encoding: String?
    public var items: [Item] = []
}

public enum FeedError: Error, Equatable, CustomStringConvertible {
    case notAFeed(String)
    case unreadable
    public var description: String {
        switch self {
        case .notAFeed(let what): "not a feed (\(what))"
        case .unreadable: "not a feed: nothing could be parsed"
        }
    }
}

/// Parses feeds leniently: malformed XML yields what libxml2's recovery can read.
public enum FeedParser {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let contentNS = "http://purl.org/rss/1.0/modules/content/"

    /// - Parameter contentType: the HTTP Content-Type, whose charset overrides the document's
    ///   own declaration (RFC 7303). Without one, the XML declaration, BOM or sniffing decide.
    public static func parse(_ bytes: [UInt8], url: String? = nil, contentType: String? = nil) throws(FeedError) -> Feed {
        let head = bytes.prefix(64).drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        if head.first == UInt8(ascii: "{") || head.first == UInt8(ascii: "[") { return try parseJSON(bytes) }
        if ContentKind.sniff(bytes, path: url ?? "") == .html { throw .notAFeed(htmlPageDescription(bytes, url: url)) }
        let prepared = prepareXML(bytes, charset: contentType.flatMap(charset(ofContentType:)))
        guard let doc = MarkupDocument.xml(prepared.bytes, url: url, encoding: prepared.encoding), let root = doc.root, root.isElement else {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .notAFeed("the file is empty") }
            throw .unreadable
        }
        var feed: Feed
        switch root.name {
        case "rss", "channel": feed = parseRSS(root)
        case "rdf": feed = parseRDF(root)
        case "feed": feed = parseAtom(root)
        case "html": throw .notAFeed("an HTML page")
        default: throw .notAFeed("the document is <\(root.name)>")
        }
        feed.wellFormed = doc.wellFormed && !prepared.guessed
        // Declared charsets lowercased ("utf-8"); a guess by its registered name ("Shift_JIS").
        feed.encoding = prepared.guessed ? prepared.reported : (prepared.reported ?? doc.encoding ?? "utf-8").lowercased()
        return feed
    }

    /// Undeclared non-UTF-8 text is read as Windows-1252; HTML entities that XML does not
    /// know (&nbsp;, &eacute;) become character references so they survive.
    /// The charset parameter of a Content-Type ("text/xml; charset=\"utf-8\"" -> "utf-8").
    static func charset(ofContentType contentType: String) -> String? {
        for part in contentType.split(separator: ";").dropFirst() {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            if kv.count == 2, kv[0].lowercased() == "charset" {
                let value = kv[1].trimming(["\"", "'", " "])
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    /// Decides how libxml2 should decode the bytes (`encoding`, nil = let it decide), which
    /// encoding to report, and whether it was guessed. UTF-16 is converted to UTF-8 here.
    /// Latin-1 and ASCII are decoded as Windows-1252, their superset in practice; undeclared
    /// or falsely declared UTF-8 that is not valid is guessed by `CharsetDetector` (mostly
    /// valid UTF-8 keeps UTF-8, its stray bytes as U+FFFD); GB2312/GBK read as GB18030.
    static func prepareXML(_ bytes: [UInt8], charset: String? = nil) -> (bytes: [UInt8], encoding: String?, reported: String?, guessed: Bool) {
        // UTF-16 is converted here, so a declaration libxml2 does not know ("u16") cannot stop it.
        let utf16: Bool? = bytes.starts(with: [0xFF, 0xFE]) ? true : bytes.starts(with: [0xFE, 0xFF]) ? false : TextDecoding.looksLikeUTF16(bytes)
        if let littleEndian = utf16 {
            let bom = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) ? 2 : 0
            let text = TextDecoding.decodeUTF16(bytes.dropFirst(bom), littleEndian: littleEndian)
            return (replaceHTMLEntities(withoutEncodingDeclaration(Array(text.utf8))), "UTF-8", littleEndian ? "utf-16le" : "utf-16be", false)
        }
        var body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        let validUTF8 = TextDecoding.isValidUTF8(body)
        var chosen = (charset ?? declaredEncoding(body))?.lowercased()
        // A charset nothing here can decode ("bogus"): as if none were declared.
        if let name = chosen, CharsetDetector.convert([0x41], from: name, to: "UTF-8") == nil { chosen = nil }
        var encoding: String?
        var reported = chosen
        var guessed = false
        switch chosen {
        case nil, "utf-8", "utf8":
            // Not the UTF-8 it claims or defaults to: mostly UTF-8 keeps UTF-8 (strays as
            // U+FFFD), else a guess (Shift_JIS, KOI8-R, Big5...) or Windows-1252; the document
            // is then not well-formed.
            let reading = TextDecoding.reading(undeclared: body)
            body = reading.bytes
            guessed = reading.guessed
            if !reading.guessed {
                encoding = charset != nil ? "UTF-8" : nil
            } else {
                encoding = reading.decoder
                if reading.decoder != "UTF-8" { reported = reading.name }
            }
        case let name? where TextDecoding.latin1Labels.contains(name):
            // Well-formed UTF-8 multi-byte characters do not occur in real Latin-1 text ("Ã©"):
            // a feed labelled Latin-1 (often by its server) that is valid UTF-8 is UTF-8.
            if validUTF8 {
                encoding = "UTF-8"
                reported = body.contains(where: { $0 >= 0x80 }) ? "utf-8" : chosen
            } else {
                encoding = "windows-1252"
            }
        case "gb2312", "gbk", "x-gbk", "gb_2312-80":
            // GB18030 decodes all of GB2312 and GBK, and what mislabelled pages use of it.
            encoding = "GB18030"
            reported = "gb18030"
        default:
            encoding = chosen  // any other charset: libxml2 (iconv) decodes it
        }
        let prepared = encoding == nil && validUTF8 ? TextDecoding.demoronize(body) : body
        return (replaceHTMLEntities(prepared), encoding, reported ?? "utf-8", guessed)
    }

    /// The document with its XML declaration's encoding="..." removed (it was converted).
    static func withoutEncodingDeclaration(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.starts(with: Array("<?xml".utf8)), let end = bytes.firstIndex(of: UInt8(ascii: ">")) else { return bytes }
        return Array("<?xml version=\"1.0\"?>".utf8) + bytes[(end + 1)...]
    }

    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        guard bytes.count > 5 else { return nil }
        let head = String(decoding: bytes.prefix(200), as: UTF8.self)
        guard head.hasPrefix("<?xml") || head.dropFirst(3).hasPrefix("<?xml"), let end = head.range(of: "?>") else { return nil }
        let decl = head[..<end.lowerBound]
        guard let r = decl.range(of: "encoding") else { return nil }
        let rest = decl[r.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        return String(rest.dropFirst().prefix { $0 != quote })
    }

    /// Makes ampersands XML can read: HTML entity names become character references, and a
    /// bare "&" (or an unknown "&name;") becomes "&amp;", so the text survives as written.
    static func replaceHTMLEntities(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var i = 0
        func isNameByte(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        while i < bytes.count {
            // Copy the run up to the next "&" in one go.
            guard bytes[i] == UInt8(ascii: "&") else {
                var end = i + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "#") {
                // Numeric reference: keep when well-formed ("&#8217;", "&#x2019;", "&#X41;").
                var k = j + 1
                var hex = false
                if k < bytes.count, bytes[k] == UInt8(ascii: "x") || bytes[k] == UInt8(ascii: "X") { hex = true; k += 1 }
                let digitsStart = k
                while k < bytes.count, k - digitsStart < 8, hex ? isNameByte(bytes[k]) : (bytes[k] >= 48 && bytes[k] <= 57) { k += 1 }
                if k > digitsStart, k < bytes.count, bytes[k] == UInt8(ascii: ";") {
                    if hex, bytes[j + 1] == UInt8(ascii: "X") {
                        out.append(contentsOf: Array("&#x".utf8))
                        out.append(contentsOf: bytes[digitsStart...k])
                    } else {
                        out.append(contentsOf: bytes[i...k])
                    }
                    i = k + 1
                    continue
                }
                out.append(contentsOf: Array("&amp;".utf8))
                i += 1
                continue
            }
            while j < bytes.count, j - i < 32, isNameByte(bytes[j]) { j += 1 }
            if j < bytes.count, bytes[j] == UInt8(ascii: ";"), j > i + 1 {
                let name = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                if ["amp", "lt", "gt", "quot", "apos"].contains(name) {
                    out.append(contentsOf: bytes[i...j])
                    i = j + 1
                    continue
                }
                let code = gz_html_entity(name)
                if code > 0 {
                    out.append(contentsOf: Array("&#\(code);".utf8))
                    i = j + 1
                    continue
                }
            }
            out.append(contentsOf: Array("&amp;".utf8))
            i += 1
        }
        return out
    }

    /// "an HTML page", naming the feeds the page links to (`<link rel="alternate"
    /// type="application/rss+xml" href=...>`), so a user who added a site's address
    /// learns which address to add instead.
    static func htmlPageDescription(_ bytes: [UInt8], url: String?) -> String {
        let feeds = discoverFeeds(inHTML: bytes, url: url)
        guard !feeds.isEmpty else { return "an HTML page" }
        return "an HTML page; its feed\(feeds.count == 1 ? " is" : "s are") " + feeds.prefix(3).joined(separator: ", ")
    }

    /// The feed URLs an HTML page declares, resolved against the page's URL.
    static func discoverFeeds(inHTML bytes: [UInt8], url: String?) -> [String] {
        guard let doc = MarkupDocument.html(Array(bytes.prefix(256 * 1024)), url: url), let root = doc.root,
              let head = root.first("head") ?? root.descendant("head") else { return [] }
        // Not "application/json": WordPress names its REST API so, which is no feed.
        let types = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/rdf+xml"]
        var out: [String] = []
        for link in head.all("link") {
            let rel = (link.attribute("rel") ?? "").lowercased().split(separator: " ")
            guard rel.contains("alternate"), let type = link.attribute("type")?.lowercased(), types.contains(type),
                  let href = link.attribute("href")?.trimmingWhitespace(), !href.isEmpty else { continue }
            let resolved = resolveURL(href, base: url)
            if !out.contains(resolved) { out.append(resolved) }
        }
        return out
    }

    // MARK: RSS

    static func parseRSS(_ root: MarkupNode) -> Feed {
        let channel = root.name == "channel" ? root : (root.first("channel") ?? root)
        var feed = Feed(kind: .rss)
        feed.title = text(core(channel, "title"))
        feed.link = core(channel, "link").map { resolveURL($0.text.trimmingWhitespace(), base: $0.base) }
            ?? cdfHref(channel).map { resolveURL($0, base: channel.base) }
        // RSS description; iTunes subtitle or summary; CDF abstract.
        feed.subtitle = text(core(channel, "description") ?? channel.first("subtitle") ?? channel.first("summary") ?? channel.first("abstract"))
        feed.author = text(channel.first("managingeditor") ?? channel.first("author") ?? channel.first("creator"))
        // RSS 0.9x sometimes puts items beside the channel.
        let items = channel.all("item") + (channel.name == "channel" && root.name == "rss" ? root.all("item") : [])
        feed.items = items.map(rssItem)
        return feed
    }

    static func parseRDF(_ root: MarkupNode) -> Feed {
        var feed = parseRSS(root.first("channel") ?? root)
        feed.kind = .rdf
        feed.items = (root.all("item") + (root.first("channel")?.all("item") ?? [])).map(rssItem)
        return feed
    }

    /// RSS's own namespaces (none, 0.9, 1.0, Userland 2.0): core elements are looked up there
    /// first, so `<media:title>` or `<szf:description>` never shadow `<title>`/`<description>`.
    static let rssNamespaces: Set<String> = ["http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/",
                                             "http://backend.userland.com/rss2", "http://backend.userland.com/rss"]

    static func core(_ node: MarkupNode, _ name: String) -> MarkupNode? {
        let all = node.all(name)
        return all.first { $0.namespace == nil || rssNamespaces.contains($0.namespace!) } ?? all.first
    }

    static func rssItem(_ node: MarkupNode) -> Feed.Item {
        var item = Feed.Item()
        item.base = node.base
        item.title = text(core(node, "title"))
        if let linkNode = core(node, "link"), case let link = linkNode.text.trimmingWhitespace(), !link.isEmpty {
            item.link = resolveURL(link, base: linkNode.base)
        } else if let href = cdfHref(node) {
            item.link = resolveURL(href, base: node.base)
        }
        if let guid = node.first("guid") {
            let value = guid.text.trimmingWhitespace()
            if !value.isEmpty {
                item.id = value
                let permalink = guid.attribute("ispermalink")?.lowercased() ?? guid.attribute("isPermaLink")?.lowercased()
                if item.link == nil, permalink != "false", value.hasPrefix("http") { item.link = value }
            }
        }
        if item.id == nil, let about = node.attribute("about") { item.id = about }
        item.author = text(node.first("author") ?? node.first("creator"))
        item.published = (node.first("pubdate") ?? node.first("date") ?? node.first("issued")).flatMap { FeedDate.parse($0.text) }
        item.updated = (node.first("modified") ?? node.first("updated")).flatMap { FeedDate.parse($0.text) }
        // The summary: <description>, else <summary> (iTunes too) or CDF's <abstract>. The full
        // text: <content:encoded>, an XHTML <body>, <fullitem>, or a second of those summaries.
        let elements = node.elements
        let summaries = elements.filter {
            ["description", "summary", "abstract"].contains($0.name) && ($0.namespace == nil || rssNamespaces.contains($0.namespace!) || $0.namespace?.lowercased() == itunesNS)
        }
        let description = summaries.first ?? core(node, "description")
        item.summary = description.map(\.text)
        let encoded = elements.first { $0.name == "encoded" && ($0.namespace == contentNS || $0.namespace == nil) }
        let body = elements.first { $0.name == "body" && ($0.namespace == nil || $0.namespace == xhtmlNS) }
        let other = summaries.first { $0.pointer != description?.pointer && $0.name != description?.name }
        item.content = encoded.map(\.text) ?? body.map(\.innerMarkup) ?? node.first("fullitem").map(\.text)
            ?? other.map(\.text) ?? item.summary
        item.categories = node.all("category").map { $0.text.trimmingWhitespace() }.filter { !$0.isEmpty }
        item.enclosures = node.all("enclosure").compactMap { e in
            enclosure(e.attribute("url"), type: e.attribute("type"), length: e.attribute("length"), base: node.base)
        }
        item.mediaDescription = mediaDescription(elements)
        return item
    }

    static let mediaNS = "http://search.yahoo.com/mrss/"

    /// `<media:description>` among an item's elements, else in its `<media:group>`s.
    static func mediaDescription(_ elements: [MarkupNode]) -> String? {
        let media = elements.filter { $0.namespace == mediaNS }
        if let d = media.first(where: { $0.name == "description" }), let text = text(d) { return text }
        for group in media where group.name == "group" {
            if let d = group.elements.first(where: { $0.name == "description" && $0.namespace == mediaNS }),
               let text = text(d) { return text }
        }
        return nil
    }

    static func enclosure(_ url: String?, type: String?, length: String?, base: String?) -> Feed.Enclosure? {
        guard let url = url?.trimmingWhitespace(), !url.isEmpty else { return nil }
        return Feed.Enclosure(url: resolveURL(url, base: base), type: type?.trimmingWhitespace().nilIfEmpty,
                              length: length.flatMap { Int($0.trimmingWhitespace()) }.flatMap { $0 > 0 ? $0 : nil })
    }

    /// CDF (Channel Definition Format) puts a channel's or item's URL in an HREF attribute.
    static func cdfHref(_ node: MarkupNode) -> String? {
        (node.attribute("href") ?? node.attribute("HREF"))?.trimmingWhitespace().nilIfEmpty
    }

    static let xhtmlNS = "http://www.w3.org/1999/xhtml"
    static let itunesNS = "http://www.itunes.com/dtds/podcast-1.0.dtd"  // compared lowercased: feeds write "DTDs"

    // MARK: Atom

    static func parseAtom(_ root: MarkupNode) -> Feed {
        var feed = Feed(kind: .atom)
        feed.title = atomText(root.first("title")).map { $0.isHTML ? HTMLText.convert($0.value, links: false) : $0.value.trimmingWhitespace() }
        feed.link = atomLink(root)
        feed.subtitle = atomText(root.first("subtitle") ?? root.first("tagline"))?.value
        feed.author = root.first("author").flatMap(atomPerson)
        feed.items = root.all("entry").map { entry in
            var item = Feed.Item()
            item.base = entry.base
            item.id = entry.first("id").map { $0.text.trimmingWhitespace() }
            item.title = atomText(entry.first("title")).map { $0.isHTML ? HTMLText.convert($0.value, links: false) : $0.value.trimmingWhitespace() }
            item.link = atomLink(entry)
            item.author = entry.first("author").flatMap(atomPerson) ?? feed.author
            item.published = (entry.first("published") ?? entry.first("issued") ?? entry.first("created")).flatMap { FeedDate.parse($0.text) }
            // A repeated <updated>: the last one stands, as in feedparser.
            item.updated = (entry.all("updated").last ?? entry.first("modified")).flatMap { FeedDate.parse($0.text) }
            if let content = atomText(entry.first("content")) {
                item.content = content.value
                item.contentIsHTML = content.isHTML
                item.base = entry.first("content")?.base ?? item.base
            }
            if let summary = atomText(entry.first("summary")) {
                item.summary = summary.value
                item.summaryIsHTML = summary.isHTML
                if item.content == nil {
                    item.content = summary.value
                    item.contentIsHTML = summary.isHTML
                    item.base = entry.first("summary")?.base ?? item.base
                }
            }
            item.categories = entry.all("category").compactMap { $0.attribute("term") ?? $0.attribute("label") }
            item.enclosures = entry.all("link").filter { $0.attribute("rel") == "enclosure" }.compactMap { l in
                enclosure(l.attribute("href"), type: l.attribute("type"), length: l.attribute("length"), base: l.base)
            }
            item.mediaDescription = mediaDescription(entry.elements)
            return item
        }
        return feed
    }

    /// An Atom text construct: its text and whether that text is HTML.
    static func atomText(_ node: MarkupNode?) -> (value: String, isHTML: Bool)? {
        guard let node else { return nil }
        let type = (node.attribute("type")?.trimmingWhitespace().nilIfEmpty ?? "text").lowercased()
        let mode = node.attribute("mode")?.lowercased()
        if type == "xhtml" || type == "application/xhtml+xml" || mode == "xml" {
            let div = node.first("div") ?? node
            return (div.innerMarkup, true)
        }
        // Atom 0.3 says mode="base64"; Atom 1.0 base64-encodes any type that is not text or XML.
        let binaryType = !["text", "html", "xhtml"].contains(type) && !type.hasPrefix("text/") && !type.hasSuffix("+xml") && !type.hasSuffix("/xml")
        if mode == "base64" || (mode == nil && binaryType),
           let data = Data(base64Encoded: node.text.trimmingWhitespace(), options: .ignoreUnknownCharacters) {
            return (String(decoding: data, as: UTF8.self), true)
        }
        return (node.text, type == "html" || type == "text/html" || mode == "escaped" && type != "text" && type != "text/plain")
    }

    static func atomLink(_ node: MarkupNode) -> String? {
        let links = node.all("link")
        let chosen = links.first { ($0.attribute("rel") ?? "alternate") == "alternate" && ($0.attribute("type").map { $0.contains("html") } ?? true) && $0.attribute("href") != nil }
            ?? links.first { ($0.attribute("rel") ?? "alternate") == "alternate" && ($0.attribute("type").map { $0.contains("html") } ?? true) }
            ?? links.first { ($0.attribute("rel") ?? "alternate") == "alternate" } ?? links.first
        // Some feeds put the URL in the element instead of href.
        guard let chosen, let href = (chosen.attribute("href") ?? chosen.text).trimmingWhitespace().nilIfEmpty else { return nil }
        return resolveURL(href, base: chosen.base)
    }

    static func atomPerson(_ node: MarkupNode) -> String? {
        let name = node.first("name")?.text.trimmingWhitespace()
        let email = node.first("email")?.text.trimmingWhitespace()
        switch (name?.isEmpty == false ? name : nil, email?.isEmpty == false ? email : nil) {
        case let (n?, e?): return "\(n) (\(e))"
        case let (n?, nil): return n
        case let (nil, e?): return e
        default:
            let t = node.text.trimmingWhitespace()
            return t.isEmpty ? nil : t
        }
    }

    static func text(_ node: MarkupNode?) -> String? {
        guard let t = node?.text.trimmingWhitespace(), !t.isEmpty else { return nil }
        return t
    }

    // MARK: JSON Feed

    static func parseJSON(_ bytes: [UInt8]) throws(FeedError) -> Feed {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let dict = object as? [String: Any] else {
            throw .notAFeed("JSON that is not a JSON Feed")
        }
        guard let version = dict["version"] as? String, version.contains("jsonfeed.org") else {
            throw .notAFeed("JSON without a jsonfeed.org version")
        }
        func person(_ d: [String: Any]) -> String? {
            if let authors = d["authors"] as? [[String: Any]], let first = authors.first { return first["name"] as? String }
            return (d["author"] as? [String: Any])?["name"] as? String
        }
        var feed = Feed(kind: .json)
        feed.title = dict["title"] as? String
        feed.link = dict["home_page_url"] as? String
        feed.subtitle = dict["description"] as? String
        feed.author = person(dict)
        for case let entry as [String: Any] in (dict["items"] as? [Any]) ?? [] {
            var item = Feed.Item()
            item.id = (entry["id"] as? String) ?? (entry["id"] as? NSNumber)?.stringValue
            item.title = entry["title"] as? String
            item.link = (entry["url"] as? String) ?? (entry["external_url"] as? String)
            item.author = person(entry) ?? feed.author
            item.published = (entry["date_published"] as? String).flatMap(FeedDate.parse)
            item.updated = (entry["date_modified"] as? String).flatMap(FeedDate.parse)
            if let html = entry["content_html"] as? String {
                item.content = html
            } else if let text = entry["content_text"] as? String {
                item.content = text
                item.contentIsHTML = false
            }
            item.summary = entry["summary"] as? String
            item.summaryIsHTML = false
            if item.content == nil, let s = item.summary { item.content = s; item.contentIsHTML = false }
            item.base = feed.link
            item.categories = (entry["tags"] as? [String]) ?? []
            item.enclosures = ((entry["attachments"] as? [[String: Any]]) ?? []).compactMap { a in
                enclosure(a["url"] as? String, type: a["mime_type"] as? String,
                          length: (a["size_in_bytes"] as? NSNumber)?.stringValue, base: feed.link)
            }
            feed.items.append(item)
        }
        return feed
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
