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

    mutating func collect(_ html: MarkupNode) {
        if let head = html.first("head") {
            walkHead(head)
        }
        // Some pages put meta tags and JSON-LD in the body.
        walkBodyMeta(html, depth: 0)
        siteName = meta["og:site_name"] ?? meta["application-name"] ?? ldString(["publisher", "name"])
        language = meta["og:locale"]
        let notURL: (String?) -> String? = { value in value.flatMap { $0.hasPrefix("http") ? nil : $0 } }
        let candidates: [String?] = [ldAuthor(), meta["dc.creator"], meta["dc:creator"], meta["dcterm:creator"],
                                     notURL(meta["author"]), notURL(meta["article:author"]), meta["parsely-author"]]
        let declared = candidates.compactMap { $0 }.first { !$0.isEmpty }
        byline = (declared ?? bylineFromDocument(html)).map(Self.cleanByline).flatMap { $0.isEmpty ? nil : $0 }
        let dateText = meta["article:published_time"] ?? meta["datepublished"] ?? meta["dc.date"] ?? meta["date"]
            ?? ldString(["datePublished"]) ?? timeElement(html)
        published = dateText.flatMap(FeedDate.parse)
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

    private mutating func record(_ node: MarkupNode) {
        guard let key = (node.attribute("property") ?? node.attribute("name") ?? node.attribute("itemprop"))?.lowercased(),
              let content = node.attribute("content")?.trimmingWhitespace(), !content.isEmpty else { return }
        if meta[key] == nil { meta[key] = content }
    }

    private mutating func recordJSONLD(_ node: MarkupNode) {
        guard node.attribute("type")?.lowercased() == "application/ld+json" else { return }
        guard let object = try? JSONSerialization.jsonObject(with: Data(node.text.utf8)) else { return }
        func add(_ o: Any) {
            if let d = o as? [String: Any] {
                if let graph = d["@graph"] as? [Any] { graph.forEach(add) } else { jsonLD.append(d) }
            } else if let a = o as? [Any] { a.forEach(add) }
        }
        add(object)
    }

    /// The first article-like JSON-LD object's value at a key path.
    func ldString(_ path: [String]) -> String? {
        let articles = jsonLD.filter { ($0["@type"] as? String).map { $0.contains("Article") || $0 == "BlogPosting" || $0 == "Report" } ?? false }
        for object in articles + jsonLD {
            var value: Any? = object
            for key in path { value = (value as? [String: Any])?[key] }
            if let s = value as? String, !s.isEmpty { return s }
        }
        return nil
    }

    func ldAuthor() -> String? {
        let articles = jsonLD.filter { ($0["@type"] as? String).map { $0.contains("Article") || $0 == "BlogPosting" } ?? false }
        for object in articles {
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

    /// A byline without what pages put around the names: dates, times, handles, dashes.
    static func cleanByline(_ raw: String) -> String {
        var text = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Cut at a date or time that follows the name ("Dan Goodin - Apr 16, 2015 8:02 pm").
        if let m = DateText.find(in: text, now: Date()), m.range.lowerBound > text.startIndex {
            text = String(text[..<m.range.lowerBound])
        }
        if let handle = text.range(of: " @") { text = String(text[..<handle.lowerBound]) }
        // "Tech Industry by Steven Musil": the names follow the last " by ".
        if let by = text.range(of: " by ", options: [.caseInsensitive, .backwards]) {
            text = String(text[by.upperBound...])
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

    /// The text of the first short element marked as author or byline (rel, itemprop, class, id).
    func bylineFromDocument(_ html: MarkupNode) -> String? {
        Self.firstValue(in: html, skipped: ["script", "style", "nav", "footer"]) { n in
            let hints = [n.attribute("rel"), n.attribute("itemprop"), n.attribute("class"), n.attribute("id")]
                .compactMap { $0?.lowercased() }.joined(separator: " ")
            guard hints.contains("author") || hints.contains("byline") else { return nil }
            let text = n.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard !text.isEmpty, text.count < 100 else { return nil }
            return text.hasPrefix("By ") || text.hasPrefix("by ") ? String(text.dropFirst(3)) : text
        }
    }

    /// The first <time datetime="...">.
    func timeElement(_ html: MarkupNode) -> String? {
        Self.firstValue(in: html) { n in n.name == "time" ? n.attribute("datetime") : nil }
    }

    /// The title: JSON-LD, Dublin Core, Open Graph, Twitter, then the document title without
    /// its site part (" | Site", " - Site"), then the <h1>.
    func bestTitle(html: MarkupNode) -> String? {
        let titles: [String?] = [ldString(["headline"]), meta["dc.title"], meta["dc:title"], meta["dcterm:title"],
                                 meta["dcterms.title"], meta["og:title"], meta["twitter:title"]]
        let declared = titles.compactMap { $0 }.first { !$0.isEmpty }
        if let t = declared.map(HTMLText.normalizeText), !t.isEmpty { return t }
        if let t = documentTitle.map(HTMLText.normalizeText), !t.isEmpty { return cleanDocumentTitle(t) }
        return html.descendant("h1").map { HTMLText.normalizeText($0.text) }?.nilIfEmpty
    }

    var ldIsArticle: Bool {
        jsonLD.contains { ($0["@type"] as? String).map { $0.contains("Article") || $0 == "BlogPosting" } ?? false }
    }

    /// "Story title - Site Name" -> "Story title", when what is left still reads as a title.
    func cleanDocumentTitle(_ title: String) -> String {
        for separator in [" | ", " - ", " – ", " — ", " » ", " :: "] {
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
