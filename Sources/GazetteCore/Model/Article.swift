import Foundation

/// One parsed article, as stored in `articles/<category-slug>/<id>.json`.
public struct Article: Sendable, Equatable, Codable {
    public var id: ArticleID
    public var title: String
    public var category: String
    public var author: String?
    /// When the article was published, when the source says so.
    public var published: Date?
    /// The date as the source wrote it ("2 days ago"), kept beside the resolved date.
    public var publishedText: String?
    public var url: String?
    /// The article text: paragraphs separated by a blank line; a single newline is a hard line break.
    /// Changing it drops `rich`, which described the text before.
    public var body: String { didSet { rich = nil } }
    /// The same text with its structure (`RichText`'s stored form), when it came from HTML.
    public var rich: String?
    public var siteName: String?
    public var language: String?
    /// Where the article was imported from (a path or URL).
    public var source: String?
    public var importedAt: Date
    /// The feed item's own text, kept when `body` was completed from the item's web page
    /// (`fetch --full`): the feed saying the same again is then no change.
    public var feedSummary: String?

    public init(
        id: ArticleID, title: String, category: String, author: String? = nil,
        published: Date? = nil, publishedText: String? = nil, url: String? = nil, body: String,
        siteName: String? = nil, language: String? = nil, source: String? = nil,
        importedAt: Date = WallClock.now()
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.author = author
        self.published = published
        self.publishedText = publishedText
        self.url = url
        self.body = body
        self.siteName = siteName
        self.language = language
        self.source = source
        self.importedAt = importedAt
    }

    /// The article with no control character in any of its text (ESC, BEL, NUL, DEL, C1):
    /// what a feed or a file says never reaches a terminal as a command. One-line fields
    /// lose their line breaks too.
    public func sanitized() -> Article {
        var a = self
        a.title = Sanitize.line(title)
        a.category = Sanitize.line(category)
        a.author = author.map(Sanitize.line)
        a.publishedText = publishedText.map(Sanitize.line)
        a.url = url.map(Sanitize.line)
        a.body = Sanitize.text(body)
        a.siteName = siteName.map(Sanitize.line)
        a.language = language.map(Sanitize.line)
        a.source = source.map(Sanitize.line)
        a.feedSummary = feedSummary.map(Sanitize.text)
        a.rich = rich.map(Sanitize.text)
        return a
    }

    /// The date lists sort by: the publication date, else the import date.
    public var sortDate: Date { published ?? importedAt }

    /// The body split into paragraphs (at blank lines), scanning bytes: a 1 MB body splits in
    /// well under a millisecond, where `split(separator: "\n\n")` took tens.
    public var paragraphs: [String] {
        var out: [String] = []
        var body = body
        body.withUTF8 { buf in
            var start = 0
            var i = 0
            while i < buf.count {
                if buf[i] == 10, i + 1 < buf.count, buf[i + 1] == 10 {
                    if i > start { out.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)) }
                    i += 2
                    while i < buf.count, buf[i] == 10 { i += 1 }
                    start = i
                } else {
                    i += 1
                }
            }
            if start < buf.count { out.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<buf.count]), as: UTF8.self)) }
        }
        return out
    }

    /// True when two versions of an article say the same thing (the import time does not count).
    public func hasSameContent(as other: Article) -> Bool {
        var a = self
        a.importedAt = other.importedAt
        a.source = other.source
        return a == other
    }

    enum CodingKeys: String, CodingKey {
        case id, title, category, author, published, publishedText, url, body, siteName, language,
             source, importedAt, feedSummary, rich
    }

    /// The text with its structure: the stored rich text, else the body's paragraphs read
    /// back (quotes, list items).
    public var richText: RichText {
        if let rich, !rich.isEmpty { return RichText(encoded: rich) }
        return RichText(plain: paragraphs)
    }

    /// Sets the body and its rich form (stored form, `RichText.encoded`) together.
    public mutating func setText(_ text: String, rich: String?) {
        body = text
        self.rich = rich
    }

    /// Adds a paragraph at the end of the text (an attachment's line), to the rich text too.
    public mutating func appendParagraph(_ paragraph: String) {
        let rich = self.rich
        body += (body.isEmpty ? "" : "\n\n") + paragraph
        if let rich {
            var more = ""
            RichText.escape(paragraph, into: &more)
            self.rich = rich + (rich.hasSuffix("\n") || rich.isEmpty ? "" : "\n") + "p " + more + "\n"
        }
    }

    /// The article as its feed gave it, when `fetch --full` completed it: the feed's text as
    /// the body and the author the feed named (nil when it named none); else nil.
    public var asFeedGaveIt: Article? {
        guard let feedSummary else { return nil }
        var original = self
        original.body = feedSummary
        original.feedSummary = nil
        return original
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let idText = try c.decode(String.self, forKey: .id)
        guard let id = ArticleID(idText) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "bad id \(idText)")
        }
        self.id = id
        title = try c.decode(String.self, forKey: .title)
        category = try c.decode(String.self, forKey: .category)
        author = try c.decodeIfPresent(String.self, forKey: .author)
        published = try c.decodeIfPresent(String.self, forKey: .published).flatMap(ISODate.parse)
        publishedText = try c.decodeIfPresent(String.self, forKey: .publishedText)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        body = try c.decode(String.self, forKey: .body)
        siteName = try c.decodeIfPresent(String.self, forKey: .siteName)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        source = try c.decodeIfPresent(String.self, forKey: .source)
        importedAt = try c.decodeIfPresent(String.self, forKey: .importedAt).flatMap(ISODate.parse) ?? Date(timeIntervalSince1970: 0)
        feedSummary = try c.decodeIfPresent(String.self, forKey: .feedSummary)
        rich = try c.decodeIfPresent(String.self, forKey: .rich)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id.description, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(category, forKey: .category)
        try c.encode(author, forKey: .author)
        try c.encode(published.map(ISODate.format), forKey: .published)
        try c.encodeIfPresent(publishedText, forKey: .publishedText)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(siteName, forKey: .siteName)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encodeIfPresent(source, forKey: .source)
        try c.encode(ISODate.format(importedAt), forKey: .importedAt)
        try c.encodeIfPresent(feedSummary, forKey: .feedSummary)
        try c.encodeIfPresent(rich, forKey: .rich)
        try c.encode(body, forKey: .body)
    }
}

extension Article {
    /// Where the "Links:" list that ends a text begins: after the last blank line followed
    /// by "Links:", or at the start of a text that is only the list. Found from the end, on
    /// bytes (the index asks it of every article it takes).
    static func linksListStart(_ body: String) -> String.Index? {
        let marker = Array("\n\nLinks:\n".utf8)
        let found: Int? = Bytes.withUTF8(body) { bytes in
            var i = bytes.count - marker.count
            while i >= 0 {
                if bytes[i] == 10, bytes[i + 1] == 10, bytes[i + 2] == 76, marker.indices.allSatisfy({ bytes[i + $0] == marker[$0] }) {
                    return i + 2
                }
                i -= 1
            }
            return nil
        }
        if let found { return body.utf8.index(body.startIndex, offsetBy: found) }
        return body.hasPrefix("Links:\n") ? body.startIndex : nil
    }

    /// The article's numbered links: the "[n] URL" lines under "Links:" that end its text
    /// (feed and page articles list each link of their text there), in order.
    public var references: [String] {
        guard let list = Self.linksListStart(body) else { return [] }
        let start = body.utf8.index(list, offsetBy: "Links:\n".utf8.count)
        var out: [String] = []
        for line in body[start...].split(separator: "\n") {
            guard line.hasPrefix("["), let close = line.firstIndex(of: "]"),
                  Int(line[line.index(after: line.startIndex)..<close]) == out.count + 1 else { break }
            out.append(line[line.index(after: close)...].trimmingCharacters(in: .whitespaces))
        }
        return out
    }
}
