import CGazetteXML
import Foundation

/// Reader mode: finds the article in an HTML page and its metadata.
///
/// Content: every paragraph-like block scores its parent and grandparent (length, commas),
/// scaled by the container's class/id hints and link density; the best container and its
/// strong siblings are converted to text, leaving out navigation, share bars, comments and
/// link lists. Metadata: Open Graph / Twitter / Dublin Core meta tags, JSON-LD, then the
/// document itself (<title>, <h1>, rel=author, <time>).
public enum ArticleExtractor {
    public struct Result: Equatable, Sendable {
        public var title: String?
        public var byline: String?
        public var published: Date?
        public var siteName: String?
        public var language: String?
        public var direction: String?
        public var url: String?
        /// Paragraphs separated by blank lines.
        public var text: String
        /// The text as an article keeps it: its links numbered ("[1]") and listed at the end,
        /// as a feed's are, for the links view and the number keys.
        public var body: String
        /// The text with its structure (`Article.rich`'s stored form), nil when it has none
        /// beyond paragraphs or when the text came from elsewhere (the page's JSON-LD).
        public var rich: String? = nil
    }

    public static func extract(html bytes: [UInt8], url: String? = nil) -> Result? {
        let (bytes, encoding) = htmlEncoding(bytes)
        guard let doc = MarkupDocument.html(bytes, url: url, encoding: encoding) else { return nil }
        return extract(doc, url: url)
    }

    /// A saved page on disk (gzip-compressed or not).
    public static func extract(file path: String, url: String? = nil) -> Result? {
        guard let bytes = try? Importer.readInput(path, limit: .max) else { return nil }
        return extract(html: bytes, url: url)
    }

    /// The bytes and the charset to read them with: nil when the page declares one (libxml2
    /// reads <meta charset>), else UTF-8 (stray invalid bytes shown as U+FFFD), a charset
    /// `CharsetDetector` recognises, or Windows-1252, so undeclared pages are not read as Latin-1.
    static func htmlEncoding(_ bytes: [UInt8]) -> ([UInt8], String?) {
        // Lowercased ASCII bytes of the first 4 KB: searched as bytes (String.contains goes
        // through Foundation here and was a twentieth of the extraction time).
        let head = bytes.prefix(4096).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        if contains(head, Array("charset=".utf8)) || contains(head, Array("charset =".utf8)) {
            // A Latin-1 label on valid UTF-8 with accented letters is a wrong label ("cafÃ©").
            let latin = TextDecoding.latin1Labels.contains {
                contains(head, Array("charset=\($0)".utf8)) || contains(head, Array("charset=\"\($0)".utf8))
            }
            if latin, bytes.contains(where: { $0 >= 0x80 }), TextDecoding.isValidUTF8(bytes) { return (bytes, "UTF-8") }
            return (bytes, nil)
        }
        let reading = TextDecoding.reading(undeclared: bytes)
        return (reading.bytes, reading.decoder)
    }

    static func extract(_ doc: MarkupDocument, url: String?) -> Result? {
        guard let root = doc.root else { return nil }
        let html = root.name == "html" ? root : (root.descendant("html") ?? root)
        var meta = Metadata()
        meta.collect(html)
        let body = html.first("body") ?? html
        var scorer = Scorer()
        scorer.score(body)
        let title = meta.bestTitle(html: html)
        scorer.title = title
        let chosen = scorer.choose(body)
        var writer = ContentWriter(base: meta.canonical ?? url, bodyLength: scorer.bodyLength, title: title, markedBody: scorer.tookMarkedBody,
                                   scorer: scorer)
        for node in chosen { writer.walk(node) }
        var text = writer.finish()
        // A page of pictures with little text (a photo post): its images' descriptions are the text.
        let pictures = text.count < Self.picturePageText
        if pictures {
            var writer = ContentWriter(base: meta.canonical ?? url, bodyLength: scorer.bodyLength, title: title, images: true,
                                       markedBody: scorer.tookMarkedBody, scorer: scorer)
            for node in chosen { writer.walk(node) }
            text = writer.finish()
        }
        // The same nodes again for the article to keep: with its links and its structure.
        var linked = ContentWriter(base: meta.canonical ?? url, bodyLength: scorer.bodyLength, title: title, images: pictures,
                                   markedBody: scorer.tookMarkedBody, scorer: scorer, links: true)
        for node in chosen { linked.walk(node) }
        var kept = linked.finish()
        var rich = linked.rich
        // A page built by script (its body empty until JavaScript runs) or cut short often
        // still carries the whole story in its JSON-LD: take that when the page gave far less.
        if let ld = meta.ldArticleString("articleBody").map(Self.jsonLDBodyText), ld.count > max(500, text.count * 2) {
            text = ld
            kept = ld
            rich = nil
        }
        return Result(title: title, byline: meta.byline, published: meta.published,
                      siteName: meta.siteName, language: html.attribute("lang")?.trimmingWhitespace().nilIfEmpty ?? meta.language,
                      direction: chosen.first.flatMap(scorer.declaredDirection)?.lowercased(), url: meta.canonical ?? url, text: text,
                      body: kept, rich: rich)
    }

    /// JSON-LD articleBody as text: HTML when it has tags, else plain text whose line breaks
    /// separate paragraphs.
    static func jsonLDBodyText(_ body: String) -> String {
        if body.contains("</p>") || body.contains("<br") { return HTMLText.convert(body, links: false) }
        return body.components(separatedBy: .newlines).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// Below this many characters of text, a page's image descriptions are kept.
    static let picturePageText = 300

    /// The best-scored containers and the chosen nodes, for tuning (`gazette-bench extract --explain FILE`).
    public static func explain(file path: String) -> [String] {
        guard let read = try? Importer.readInput(path, limit: .max) else { return ["cannot read \(path)"] }
        let (bytes, encoding) = htmlEncoding(read)
        guard let doc = MarkupDocument.html(bytes, encoding: encoding), let root = doc.root else { return ["no document"] }
        let html = root.name == "html" ? root : (root.descendant("html") ?? root)
        let body = html.first("body") ?? html
        var scorer = Scorer()
        scorer.score(body)
        var meta = Metadata()
        meta.collect(html)
        scorer.title = meta.bestTitle(html: html)
        var lines = ["title: \(scorer.title ?? "-")", "byline: \(meta.byline ?? "-") (\(meta.bylineSource))"]
        func describe(_ n: MarkupNode) -> String {
            "<\(n.name) class=\"\(n.attribute("class") ?? "")\" id=\"\(n.attribute("id") ?? "")\">"
        }
        let ranked = scorer.scores.map { (MarkupNode(pointer: $0.key, document: doc), $0.value) }.sorted { $0.1 > $1.1 }
        for (node, score) in ranked.prefix(8) {
            lines.append(String(format: "%8.1f  ld %.2f  len %6d  ", score, scorer.linkDensity(node), scorer.textLength(node)) + describe(node))
        }
        for node in scorer.choose(body) { lines.append("chosen: " + describe(node)) }
        return lines
    }

    // MARK: Hints

    /// Class/id words of page chrome, matched anywhere in a lowercased class name; "ad" only
    /// as a word of its own ("ad-slot", "top-ad", "ad"), "tag"/"tags" only at a word's end.
    static let negativeWords: [[UInt8]] = [
        "comment", "meta", "footer", "footnote", "foot", "sidebar", "sponsor", "share", "sharing", "social", "related",
        "recommend", "nav", "menu", "promo", "advert", "ads", "subscribe", "newsletter", "cookie", "consent", "popup",
        "modal", "breadcrumb", "toolbar", "widget", "outbrain", "taboola", "signup", "login", "masthead", "banner",
        "byline", "author-bio", "caption", "credit", "disclaimer", "print", "hidden", "skip", "pagination", "pager",
        "most-popular", "trending", "read-more", "more-stories",
    ].map { Array($0.utf8) }
    /// Class/id words of article text.
    static let positiveWords: [[UInt8]] = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story",
        "paragraph", "prose", "rich-text",
    ].map { Array($0.utf8) }

    /// Whether one class name (or id) reads as chrome. By hand on bytes: a regular expression
    /// here was two fifths of the extraction time.
    static func isNegative(_ name: some StringProtocol) -> Bool { isNegative(bytes: Array(name.lowercased().utf8)) }

    static func isNegative(bytes: [UInt8]) -> Bool {
        if negativeWords.contains(where: { contains(bytes, $0) }) { return true }
        // "ad" and "tag(s)" as words; a word character is a letter, a digit or "_".
        func isWordByte(_ i: Int) -> Bool {
            guard i >= 0, i < bytes.count else { return false }
            let b = bytes[i]
            return (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 95 || b >= 0x80
        }
        for start in 0..<bytes.count {
            if bytes[start...].starts(with: [97, 100]), !isWordByte(start - 1), !isWordByte(start + 2) { return true }  // ad
            if bytes[start...].starts(with: [116, 97, 103]) {  // tag, tags
                let end = bytes.count > start + 3 && bytes[start + 3] == 115 ? start + 4 : start + 3
                if !isWordByte(end) || !isWordByte(start + 3) { return true }
            }
        }
        return false
    }

    static func isPositive(_ name: some StringProtocol) -> Bool { isPositive(bytes: Array(name.lowercased().utf8)) }

    static func isPositive(bytes: [UInt8]) -> Bool {
        positiveWords.contains { word in
            guard word == textWord else { return contains(bytes, word) }
            return startsWord(bytes, textWord) && !isTextUtility(bytes)
        }
    }

    static let textWord = Array("text".utf8)

    /// Whether `needle` occurs in `bytes` at the start of a word ("text", "article-text",
    /// "bodyText" lowercased is "bodytext" and not a word start, but "context" never is).
    static func startsWord(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= bytes.count else { return false }
        for i in 0...(bytes.count - needle.count) where bytes[i..<(i + needle.count)].elementsEqual(needle) {
            if i == 0 || !(bytes[i - 1] >= 97 && bytes[i - 1] <= 122) { return true }
            // "articletext", "bodytext", "storytext": a positive word just before it.
            let before = Array(bytes[..<i])
            if positiveWords.contains(where: { $0 != textWord && before.count >= $0.count && before.suffix($0.count).elementsEqual($0) }) { return true }
        }
        return false
    }

    /// CSS framework utilities that style a line of text ("text-center", "text-muted"): any block has them.
    static func isTextUtility(_ bytes: [UInt8]) -> Bool {
        guard bytes.starts(with: Array("text-".utf8)) else { return false }
        let rest = String(decoding: bytes.dropFirst(5), as: UTF8.self)
        return textUtilities.contains { rest == $0 || rest.hasPrefix($0 + "-") }
    }

    static let textUtilities = ["center", "left", "right", "justify", "start", "end", "muted", "uppercase", "lowercase",
                                "capitalize", "nowrap", "truncate", "wrap", "break", "primary", "secondary", "success",
                                "danger", "warning", "info", "light", "dark", "white", "black", "gray", "grey", "xs", "sm",
                                "md", "lg", "xl", "base", "small", "large", "bold", "italic", "reset", "decoration"]

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool { Bytes.contains(haystack, needle) }

    /// +25 for article-ish class/id, -25 for chrome-ish. A single class name of a block that
    /// is both ("jp-relatedposts-post", "post-comments") names chrome about posts: it counts as
    /// chrome. (Not for links and spans: `<a class="textTag">` inside a sentence is text.)
    static func classWeight(_ node: MarkupNode) -> Double {
        let compound = !ContentWriter.inline.contains(node.name)
        var weight = 0.0
        for value in [node.attribute("class"), node.attribute("id")].compactMap({ $0 }) where !value.isEmpty {
            var negative = false, positive = false
            for bytes in classNames(value) {
                let neg = isNegative(bytes: bytes)
                if neg { negative = true }
                if !(neg && compound), isPositive(bytes: bytes) { positive = true }
            }
            if negative { weight -= 25 }
            if positive { weight += 25 }
        }
        return weight
    }

    static func isHidden(_ node: MarkupNode) -> Bool {
        if node.attribute("hidden") != nil || node.attribute("aria-hidden") == "true" { return true }
        if let style = node.attribute("style") {
            let compact = style.utf8.filter { $0 != 32 }.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
            if contains(compact, displayNone) || contains(compact, visibilityHidden) { return true }
        }
        // The utility classes that hide a block (Bootstrap's d-none, "hidden", screen-reader-only text).
        if let cls = node.attribute("class"), classNames(cls).contains(where: hiddenClasses.contains) { return true }
        return false
    }

    static let displayNone = Array("display:none".utf8), visibilityHidden = Array("visibility:hidden".utf8)

    /// The names in a class (or id) attribute, as lowercased bytes: split at ASCII whitespace
    /// on bytes, since Character's whitespace test was a tenth of the extraction time.
    static func classNames(_ value: String) -> [[UInt8]] {
        var names: [[UInt8]] = []
        var current: [UInt8] = []
        for b in value.utf8 {
            if b == 32 || b == 9 || b == 10 || b == 13 || b == 12 {
                if !current.isEmpty { names.append(current); current.removeAll(keepingCapacity: true) }
            } else {
                current.append(b >= 65 && b <= 90 ? b + 32 : b)
            }
        }
        if !current.isEmpty { names.append(current) }
        return names
    }

    static let hiddenClasses: Set<[UInt8]> = Set(["hidden", "hide", "d-none", "is-hidden", "visually-hidden", "sr-only"].map { Array($0.utf8) })
}
