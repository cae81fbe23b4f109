import CGazetteXML
import Foundation

/// Page metadata from meta tags, JSON-LD and the document.
struct Metadata {
    var meta: [String: String] = [:]
    var documentTitle: String?
    var byline: String?
    var published: Date?
    var siteName: String?
    var language: String?
    var canonical: String?
    var jsonLD: [[String: Any]] = []
    /// Every DC.creator value: papers and drafts list each author in a tag of their own.
    var creators: [String] = []
    /// Meta names whose value came from a `property` attribute.
    private var propertyKeys: Set<String> = []
    /// Where the byline came from, for `gazette-bench extract --explain`.
    var bylineSource = "none"

    mutating func collect(_ html: MarkupNode) {
        if let head = html.first("head") {
            walkHead(head)
        }
        // Some pages put meta tags and JSON-LD in the body.
        walkBodyMeta(html, depth: 0)
        siteName = ldString(["publisher", "name"]) ?? meta["og:site_name"] ?? meta["application-name"]
        language = meta["og:locale"]
        let notURL: (String?) -> String? = { value in value.flatMap { $0.hasPrefix("http") ? nil : $0 } }
        let candidates: [(String, String?)] = [
            ("JSON-LD", ldAuthor()),
            ("dc:creator", propertyKeys.contains("dc:creator") ? meta["dc:creator"] : Self.creatorList(creators)),
            ("dcterm:creator", meta["dcterm:creator"]),
            ("dcterms:creator", meta["dcterms:creator"]), ("author", notURL(meta["author"])),
            ("article:author", notURL(meta["article:author"])), ("og:article:author", notURL(meta["og:article:author"])),
            ("parsely-author", meta["parsely-author"]),
        ]
        if let (source, value) = candidates.first(where: { !($0.1 ?? "").isEmpty }) {
            byline = value.map(Self.cleanByline)
            bylineSource = source
        } else if let found = bylineFromDocument(html) {
            byline = Self.cleanByline(found)
            bylineSource = "document"
        }
        byline = byline?.nilIfEmpty
        // JSON-LD's datePublished first: meta tags often carry the last update instead.
        let dates: [String?] = [ldArticleString("datePublished"), meta["article:published_time"], meta["datepublished"],
                                meta["dc:date"], meta["date"], ldString(["datePublished"]), timeElement(html)]
        published = dates.lazy.compactMap { $0.flatMap(FeedDate.parse) }.first
        canonical = canonical ?? meta["og:url"]
    }

    private mutating func walkHead(_ head: MarkupNode) {
        for node in head.elements {
            switch node.name {
            case "title": documentTitle = node.text.trimmingWhitespace().nilIfEmpty
            case "meta": record(node)
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") { canonical = href }
            case "script": recordJSONLD(node)
            default: break
            }
        }
    }

    private mutating func walkBodyMeta(_ node: MarkupNode, depth: Int) {
        guard depth < 12 else { return }
        var child = gz_xml_first_child(node.pointer)
        while let c = child {
            let n = MarkupNode(pointer: c, document: node.document)
            child = gz_xml_next_sibling(c)
            guard n.isElement else { continue }
            switch n.name {
            case "head": continue
            case "meta": record(n)
            case "script": recordJSONLD(n)
            default: walkBodyMeta(n, depth: depth + 1)
            }
        }
    }

    /// A meta tag's value under each name it declares. `property` may list several names
    /// ("dc:creator twitter:site_name") and wins over `name`/`itemprop`; otherwise the first
    /// value of a name is kept. Names are lowercased with "." read as ":" (DC.creator = dc:creator).
    private mutating func record(_ node: MarkupNode) {
        guard let content = node.attribute("content")?.trimmingWhitespace(), !content.isEmpty else { return }
        let fromProperty = node.attribute("property").map { !$0.trimmingWhitespace().isEmpty } ?? false
        let names = fromProperty ? node.attribute("property")! : (node.attribute("name") ?? node.attribute("itemprop") ?? "")
        for name in names.split(whereSeparator: \.isWhitespace) {
            let key = name.lowercased().replacingOccurrences(of: ".", with: ":")
            if key == "dc:creator", !fromProperty, !creators.contains(content) { creators.append(content) }
            if meta[key] == nil || (fromProperty && !propertyKeys.contains(key)) {
                meta[key] = content
                if fromProperty { propertyKeys.insert(key) }
            }
        }
    }

    private mutating func recordJSONLD(_ node: MarkupNode) {
        guard node.attribute("type")?.lowercased() == "application/ld+json" else { return }
        // Some pages wrap the JSON in a CDATA section or an HTML comment.
        var text = node.text.trimmingWhitespace()
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] where text.hasPrefix(open) {
            text = String(text.dropFirst(open.count))
            if text.hasSuffix(close) { text = String(text.dropLast(close.count)) }
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return }
        func add(_ o: Any) {
            if let d = o as? [String: Any] {
                if let graph = d["@graph"] as? [Any] { graph.forEach(add) } else { jsonLD.append(d) }
            } else if let a = o as? [Any] { a.forEach(add) }
        }
        add(object)
    }

    /// Whether a JSON-LD object describes an article ("@type" may be a string or a list).
    static func isArticle(_ object: [String: Any]) -> Bool {
        let types = (object["@type"] as? [String]) ?? [(object["@type"] as? String)].compactMap { $0 }
        return types.contains { $0.hasSuffix("Article") || $0 == "BlogPosting" || $0 == "Report" }
    }

    /// The first article-like JSON-LD object's value at a key path.
    func ldString(_ path: [String]) -> String? {
        for object in jsonLD.filter(Self.isArticle) + jsonLD {
            var value: Any? = object
            for key in path { value = (value as? [String: Any])?[key] }
            if let s = value as? String, !s.isEmpty { return s }
        }
        return nil
    }

    /// A value of an article-typed JSON-LD object only.
    func ldArticleString(_ key: String) -> String? {
        jsonLD.filter(Self.isArticle).lazy.compactMap { $0[key] as? String }.first { !$0.isEmpty }
    }

    func ldAuthor() -> String? {
        for object in jsonLD where Self.isArticle(object) {
            let author = object["author"]
            if let d = author as? [String: Any], let name = d["name"] as? String { return name }
            if let list = author as? [Any] {
                let names = list.compactMap { ($0 as? [String: Any])?["name"] as? String ?? $0 as? String }
                if !names.isEmpty { return names.joined(separator: ", ") }
            }
            if let s = author as? String { return s }
        }
        return nil
    }

    /// Dublin Core writes names inverted ("Jong, Michiel de"); several creators are listed in
    /// page order with their names the usual way round: "F. Kooman, Michiel de Jong".
    static func creatorList(_ creators: [String]) -> String? {
        guard creators.count > 1 else { return creators.first }
        return creators.map { name in
            let parts = name.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return name }
            let family = parts[0].trimmingWhitespace(), given = parts[1].trimmingWhitespace()
            return given.isEmpty || family.isEmpty ? name : "\(given) \(family)"
        }.joined(separator: ", ")
    }

    /// Words left before a date that was cut off ("Posted on", "Last Updated:", "Monday,").
    static let dateLabels: Set<String> = ["on", "at", "updated", "published", "posted", "last", "modified", "date", "le", "am", "el", "",
                                          "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// A byline without what pages put around the names: dates, times, handles, dashes.
    static func cleanByline(_ raw: String) -> String {
        var text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Cut at a date or time that follows the name ("Dan Goodin - Apr 16, 2015 8:02 pm").
        if let m = DateText.find(in: text, now: WallClock.now()), m.range.lowerBound > text.startIndex {
            text = String(text[..<m.range.lowerBound])
        }
        if let handle = text.range(of: " @") { text = String(text[..<handle.lowerBound]) }
        // "Text: Jane Doe", "Автор: ...": a one-word label before a colon is not part of the name.
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains(" "), text.distance(from: text.startIndex, to: colon) > 1 {
            text = String(text[text.index(after: colon)...]).trimmingWhitespace()
        }
        // "Jane Doe Associated Press Published 11:34 PM EST": a date label ends the byline.
        var all = text.split(separator: " ")
        if let cut = all.indices.dropFirst().first(where: { ["published", "updated", "posted"].contains(all[$0].lowercased().trimmingCharacters(in: .punctuationCharacters)) }) {
            all = Array(all[..<cut])
            text = all.joined(separator: " ")
        }
        // "Last Updated: <date>", "Posted on <date>": a label left before the date is not a name.
        var words = text.split(separator: " ")
        while let last = words.last, Self.dateLabels.contains(last.lowercased().trimmingCharacters(in: .punctuationCharacters)) {
            words.removeLast()
        }
        text = words.joined(separator: " ")
        // "By Jane Doe", "Par Jean Dupont", "Tech Industry by Steven Musil": the names follow
        // the first "by"; "Written by A Edited by B": the next "<word> by" ends them.
        let lead = ["by ", "par ", "von ", "por "].first { text.lowercased().hasPrefix($0) }
        if let lead {
            text = String(text.dropFirst(lead.count))
        } else if let by = text.range(of: " by ", options: .caseInsensitive) {
            text = String(text[by.upperBound...])
        }
        if let next = text.range(of: " by ", options: .caseInsensitive) {
            var head = text[..<next.lowerBound].split(separator: " ")
            if head.count > 1 {
                let role = head.removeLast()
                text = head.joined(separator: " ") + ", " + role.lowercased() + " by " + text[next.upperBound...]
            }
        }
        // "James Akinaka • 8h": what follows a bullet or bar is not the name.
        for separator in [" • ", " | ", " · "] {
            if let cut = text.range(of: separator) { text = String(text[..<cut.lowerBound]) }
        }
        return text.trimming([" ", "-", "–", "—", "|", ",", "·", ":"])
    }

    /// Depth-first search for the first value `match` finds, not entering `skipped` elements.
    static func firstValue(in root: MarkupNode, skipped: Set<String> = [], maxDepth: Int = 40,
                           _ match: (MarkupNode) -> String?) -> String? {
        func walk(_ node: MarkupNode, depth: Int) -> String? {
            guard depth < maxDepth else { return nil }
            var child = gz_xml_first_child(node.pointer)
            while let c = child {
                let n = MarkupNode(pointer: c, document: node.document)
                child = gz_xml_next_sibling(c)
                guard n.isElement, !skipped.contains(n.name) else { continue }
                if let value = match(n) ?? walk(n, depth: depth + 1) { return value }
            }
            return nil
        }
        return walk(root, depth: 0)
    }

    /// The first short element marked as a byline (rel=author, itemprop=author, a class or id
    /// word starting with "author" or containing "byline"), outside navigation, sidebars,
    /// "follow" boxes, related-story lists and comments. When it holds exactly one name-like
    /// part (itemprop=name, rel=author, a link to an author page, a class word with "name"),
    /// that part is the byline, so job titles and "Sign in" links beside it stay out.
    func bylineFromDocument(_ html: MarkupNode) -> String? {
        var found: String?
        func walk(_ node: MarkupNode, depth: Int) {
            guard depth < 60, found == nil else { return }
            var child = gz_xml_first_child(node.pointer)
            while let c = child, found == nil {
                let n = MarkupNode(pointer: c, document: node.document)
                child = gz_xml_next_sibling(c)
                guard n.isElement, !Self.bylineSkipped.contains(n.name), !Self.isBylineChrome(n) else { continue }
                if Self.isBylineElement(n) {
                    let text = Self.bylineText(n)
                    if text.count < 100, !Self.cleanByline(text).isEmpty { found = text; return }
                }
                walk(n, depth: depth + 1)
            }
        }
        walk(html, depth: 0)
        return found
    }

    static let bylineSkipped: Set<String> = ["script", "style", "nav", "footer", "form", "button", "select", "noscript"]

    /// Lowercased words of an element's class and id ("author-name Fw(b)" -> author, name, fw, b).
    static func hintWords(_ node: MarkupNode) -> [Substring] {
        var words: [Substring] = []
        for value in [node.attribute("class"), node.attribute("id")] {
            guard let value, !value.isEmpty else { continue }
            // On bytes: ASCII letters and digits, and any non-ASCII byte, make words.
            var current: [UInt8] = []
            for b in value.utf8 {
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b >= 0x80 { current.append(b) }
                else if b >= 65 && b <= 90 { current.append(b + 32) }
                else if !current.isEmpty { words.append(Substring(String(decoding: current, as: UTF8.self))); current.removeAll() }
            }
            if !current.isEmpty { words.append(Substring(String(decoding: current, as: UTF8.self))) }
        }
        return words
    }

    static func isBylineElement(_ node: MarkupNode) -> Bool {
        if node.attribute("rel")?.lowercased() == "author" { return true }
        if let itemprop = node.attribute("itemprop")?.lowercased(), itemprop.contains("author") { return true }
        return hintWords(node).contains { word in
            (word.hasPrefix("author") && !word.hasPrefix("authoriz")) || word.contains("byline") || word == "writtenby"
        }
    }

    static let bylineChromeWords = ["nav", "menu", "sidebar", "related", "recommend", "comment", "follow", "popular",
                                    "trending", "promo", "widget", "login", "signin", "account", "newsletter", "subscribe"]

    static func isBylineChrome(_ node: MarkupNode) -> Bool {
        // <body class="sidebar-primary"> describes the layout, not the element.
        guard !["html", "body", "main", "article"].contains(node.name) else { return false }
        return hintWords(node).contains { word in bylineChromeWords.contains { word.hasPrefix($0) || word.hasSuffix($0) } }
    }

    /// The element's text, or its one name-like part: an author part (itemprop=author,
    /// rel=author, a link to an author page, a class word like "authorname") when there is
    /// exactly one, else a name part (itemprop=name, a class word with "name").
    static func bylineText(_ node: MarkupNode) -> String {
        var authorParts: [String] = [], nameParts: [String] = []
        func walk(_ n: MarkupNode, depth: Int) {
            guard depth < 8 else { return }
            for e in n.elements {
                let words = hintWords(e)
                let itemprop = e.attribute("itemprop")?.lowercased() ?? ""
                let author = itemprop.contains("author") || e.attribute("rel")?.lowercased() == "author"
                    || (e.name == "a" && isAuthorPage(e.attribute("href")))
                    || words.contains { $0.contains("author") && $0.contains("name") }
                let named = itemprop.contains("name") || words.contains { $0.contains("name") }
                guard author || named else { walk(e, depth: depth + 1); continue }
                let text = Self.spacedText(e)
                if author, !text.isEmpty, !authorParts.contains(text) { authorParts.append(text) }
                if !author, named, !text.isEmpty, !nameParts.contains(text) { nameParts.append(text) }
                // An author part may hold its name part (itemprop=author > itemprop=name).
                if !author { walk(e, depth: depth + 1) }
            }
        }
        walk(node, depth: 0)
        if authorParts.count == 1 { return ([authorParts[0]] + Self.linesAfterBreak(node)).joined(separator: ", ") }
        if authorParts.isEmpty, nameParts.count == 1 { return nameParts[0] }
        return Self.spacedText(node)
    }

    /// Plain text written straight into a byline element on lines of its own after a <br>
    /// ("By <a rel=author>Jane Doe</a><br>WebMD Health News"): the name's organisation. Text in
    /// elements of their own (a job title's <div class="author-title">) is not taken.
    static func linesAfterBreak(_ node: MarkupNode) -> [String] {
        var lines: [String] = []
        var afterBreak = false
        for child in node.children {
            if child.isElement { afterBreak = child.name == "br"; continue }
            guard afterBreak, child.isText else { continue }
            let line = child.rawText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    /// An element's text with a space between its elements' texts: a byline's parts are often
    /// separate elements with no space between them ("ERIC TUCKER<br>Associated Press").
    static func spacedText(_ node: MarkupNode) -> String {
        var parts: [String] = []
        func walk(_ n: MarkupNode, depth: Int) {
            guard depth < 12 else { return }
            for child in n.children {
                if child.isText { parts.append(child.rawText) } else if child.isElement { walk(child, depth: depth + 1) }
            }
        }
        walk(node, depth: 0)
        return parts.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A link to an author's page: /author/..., /authors/..., /writer/..., /auteur/..., /autor/...
    static func isAuthorPage(_ href: String?) -> Bool {
        guard let href = href?.lowercased() else { return false }
        return ["/author/", "/authors/", "/writer/", "/writers/", "/auteur/", "/autor/", "/staff/", "/people/", "/profile/"]
            .contains { href.contains($0) }
    }

    /// The first <time datetime="...">.
    func timeElement(_ html: MarkupNode) -> String? {
        Self.firstValue(in: html) { n in n.name == "time" ? n.attribute("datetime") : nil }
    }

    /// The title: JSON-LD, Dublin Core, Open Graph, Twitter, then the document title without
    /// its site part (" | Site", " - Site"), then the <h1>.
    func bestTitle(html: MarkupNode) -> String? {
        let titles: [String?] = [ldTitle(), meta["dc:title"], meta["dcterm:title"],
                                 meta["dcterms:title"], meta["og:title"], meta["twitter:title"]]
        let declared = titles.compactMap { $0 }.first { !$0.isEmpty }
        if let t = declared.map(HTMLText.normalizeText), !t.isEmpty { return t }
        if let t = documentTitle.map(HTMLText.normalizeText), !t.isEmpty { return cleanDocumentTitle(t) }
        return html.descendant("h1").map { HTMLText.normalizeText($0.text) }?.nilIfEmpty
    }

    /// JSON-LD "headline", or its "name" when that is the document title without the site
    /// part (Wikipedia's headline is a one-line description of the subject).
    func ldTitle() -> String? {
        guard let headline = ldString(["headline"]) else { return nil }
        if let name = ldString(["name"]), name != headline, let title = documentTitle.map(HTMLText.normalizeText) {
            let rest = title.lowercased().hasPrefix(name.lowercased()) ? title.dropFirst(name.count).trimmingWhitespace() : nil
            if let rest, rest.isEmpty || "-|–—:·»".contains(rest.first!) { return name }
        }
        return headline
    }

    var ldIsArticle: Bool {
        jsonLD.contains(where: Self.isArticle)
    }

    /// "Story title - Site Name" -> "Story title", when what is left still reads as a title.
    func cleanDocumentTitle(_ title: String) -> String {
        for separator in [" | ", " - ", " – ", " — ", " » ", " :: ", " · "] {
            guard let range = title.range(of: separator, options: .backwards) else { continue }
            let head = String(title[..<range.lowerBound]).trimmingWhitespace()
            let tail = String(title[range.upperBound...]).trimmingWhitespace()
            let site = siteName?.lowercased()
            if let site, tail.lowercased() == site || site.contains(tail.lowercased()) { return head }
            if head.split(separator: " ").count >= 3, tail.split(separator: " ").count <= 4 { return head }
        }
        return title
    }
}
