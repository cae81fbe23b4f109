import CGazetteXML
import Foundation

/// Scores containers by the paragraphs inside them and picks the article's nodes.
struct Scorer {
    private(set) var scores: [OpaquePointer: Double] = [:]
    private var parents: [OpaquePointer: MarkupNode] = [:]
    private var textLengths: [OpaquePointer: Int] = [:]
    private var linkLengths: [OpaquePointer: Int] = [:]

    static let ignored: Set<String> = ["script", "style", "noscript", "template", "svg", "button", "select",
                                       "nav", "iframe", "object", "embed", "input", "textarea", "aside", "footer", "header"]
    static let paragraphTags: Set<String> = ["p", "pre", "td", "blockquote"]
    static let blockTags: Set<String> = ["p", "div", "section", "article", "table", "ul", "ol", "dl", "pre", "blockquote",
                                         "h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "footer", "aside", "main"]

    /// Elements the page marks as the article's body (schema.org `itemprop="articleBody"`).
    private(set) var markedBodies: [MarkupNode] = []
    /// Whether `choose` took the marked body over a better-scored block inside it.
    private(set) var tookMarkedBody = false

    /// The article's title, when known: an <h1> repeating it is the headline, others are section headings.
    var title: String?

    /// Length of the whole body's text, set when scoring starts.
    var bodyLength = 0.0

    /// Walks the tree, crediting each paragraph's ancestors.
    mutating func score(_ node: MarkupNode, depth: Int = 0) {
        if depth == 0 {
            _ = measure(node, depth: 0)
            bodyLength = Double(textLength(node))
        }
        guard depth < MarkupNode.maxDepth else { return }
        var child = gz_xml_first_child(node.pointer)
        while let c = child {
            let n = MarkupNode(pointer: c, document: node.document)
            child = gz_xml_next_sibling(c)
            guard n.isElement else { continue }
            let name = n.name
            if Self.ignored.contains(name) || ArticleExtractor.isHidden(n) { continue }
            // A form is a search box or a sign-up, unless it wraps the page (ASP.NET does).
            if name == "form", textLength(n) < 1000 { continue }
            let weight = weight(n)
            // Chrome by its class (nav, share, comments...), unless it holds most of the page's
            // text: broken markup sometimes leaves the article inside an unclosed navbar.
            if weight < 0, !["article", "main", "body"].contains(name), textLength(n) < 3000, Double(textLength(n)) < bodyLength * 0.5 { continue }
            parents[n.pointer] = node
            if let itemprop = n.attribute("itemprop"), itemprop.lowercased().contains("articlebody") { markedBodies.append(n) }
            // A layout cell holding blocks is a container, not a paragraph.
            let isParagraph = (Self.paragraphTags.contains(name) && !(name == "td" && hasBlockChild(n)))
                || (name == "div" && !hasBlockChild(n))
            if isParagraph {
                let length = textLength(n)
                if length >= 25 {
                    let points = 1 + Double(Self.commas(n.text)) + min(Double(length) / 100, 3)
                    credit(node, points)
                    if let grand = parents[node.pointer] {
                        credit(grand, points / 2)
                        if let great = parents[grand.pointer] { credit(great, points / 3) }
                    }
                }
                if name != "div" { continue }
            } else if name == "div" || name == "section" || name == "article" || name == "td" {
                // Text written straight into a container between block children (<br>-separated
                // paragraphs, "fake br" divs) counts as the container's own paragraph.
                let direct = directText(n)
                let length = Self.trimmedLength(direct)
                if length >= 25 {
                    let points = 1 + Double(Self.commas(direct)) + min(Double(length) / 100, 3)
                    credit(n, points)
                    credit(node, points / 2)
                    if let grand = parents[node.pointer] { credit(grand, points / 3) }
                }
            }
            score(n, depth: depth + 1)
        }
    }

    private mutating func credit(_ node: MarkupNode, _ points: Double) {
        if scores[node.pointer] == nil {
            var initial: Double
            switch node.name {
            case "div", "article", "section", "main": initial = 5
            case "pre", "td", "blockquote": initial = 3
            case "ol", "ul", "dl", "dd", "dt", "li", "form", "address": initial = -3
            case "h1", "h2", "h3", "h4", "h5", "h6", "th": initial = -5
            default: initial = 0
            }
            if node.name == "article" { initial += 10 }
            scores[node.pointer] = initial + weight(node)
        }
        scores[node.pointer]! += points
    }

    /// Commas in a text, Chinese and Japanese ones included.
    static func commas(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1 == "," || $1 == "，" || $1 == "、" ? 1 : 0) }
    }

    /// `collapsedLength` without a trailing space: the length of the trimmed, collapsed text.
    static func trimmedLength(_ text: String) -> Int {
        let length = collapsedLength(text)
        guard length > 0, let last = text.unicodeScalars.last, [" ", "\n", "\t", "\r", "\u{A0}"].contains(last) else { return length }
        return length - 1
    }

    static let inlineTags: Set<String> = ["a", "b", "strong", "i", "em", "span", "u", "small", "sup", "sub", "mark", "q", "cite", "abbr"]

    /// The text of a node's own text children and inline elements (not of its blocks), as in the page.
    func directText(_ node: MarkupNode) -> String {
        var out = ""
        var child = gz_xml_first_child(node.pointer)
        while let c = child {
            let t = gz_xml_node_type(c)
            if t == GZ_NODE_TEXT || t == GZ_NODE_CDATA {
                if let raw = gz_xml_node_raw_text(c) { out += String(cString: raw) }
            } else if t == GZ_NODE_ELEMENT, let raw = gz_xml_node_name(c) {
                if Self.inlineTags.contains(String(cString: raw).lowercased()) {
                    out += MarkupNode(pointer: c, document: node.document).text
                }
            }
            child = gz_xml_next_sibling(c)
        }
        return out
    }

    func hasBlockChild(_ node: MarkupNode) -> Bool {
        var child = gz_xml_first_child(node.pointer)
        while let c = child {
            if gz_xml_node_type(c) == GZ_NODE_ELEMENT, let raw = gz_xml_node_name(c),
               Self.blockTags.contains(String(cString: raw).lowercased()) { return true }
            child = gz_xml_next_sibling(c)
        }
        return false
    }

    /// The collapsed length of a text and whether it starts and ends with whitespace: enough
    /// to get the collapsed length of a concatenation from its parts.
    struct Span {
        var length = 0, isEmpty = true, startsSpace = false, endsSpace = false

        mutating func append(_ next: Span) {
            guard !next.isEmpty else { return }
            if isEmpty { self = next; return }
            length += next.length + (length > 0 && !endsSpace && next.startsSpace ? 1 : 0)
            endsSpace = next.endsSpace
        }
    }

    /// Every element's collapsed text length under `node`, in one pass from the leaves up
    /// (asking each element for its text would copy the page once per level of nesting).
    /// Elements deeper than `MarkupNode.maxDepth` are measured when asked.
    private mutating func measure(_ node: MarkupNode, depth: Int) -> Span {
        var span = Span()
        var child = gz_xml_first_child(node.pointer)
        while let c = child {
            switch Int(gz_xml_node_type(c)) {
            case Int(GZ_NODE_TEXT), Int(GZ_NODE_CDATA):
                if let raw = gz_xml_node_raw_text(c) {
                    span.append(Self.span(of: UnsafeBufferPointer(start: UnsafeRawPointer(raw).assumingMemoryBound(to: UInt8.self),
                                                                  count: strlen(raw))))
                }
            case Int(GZ_NODE_ELEMENT):
                if depth + 1 < MarkupNode.maxDepth {
                    span.append(measure(MarkupNode(pointer: c, document: node.document), depth: depth + 1))
                } else {
                    span.append(Self.span(of: MarkupNode(pointer: c, document: node.document).text.utf8))
                }
            default: break
            }
            child = gz_xml_next_sibling(c)
        }
        textLengths[node.pointer] = span.length
        return span
    }

    /// The collapsed length of UTF-8 text (whitespace runs, NBSP included, count as one; a
    /// leading run not at all), with its ends. On bytes: Character iteration was half of the
    /// extraction time.
    static func span(of bytes: some Sequence<UInt8>) -> Span {
        var span = Span()
        var count = 0, inSpace = true, previous: UInt8 = 0, i = 0
        for b in bytes {
            let space = b == 32 || b == 10 || b == 9 || b == 13 || (previous == 0xC2 && b == 0xA0)
            // The first character is a space (an NBSP is decided by its second byte).
            if i == 0 || (i == 1 && previous == 0xC2) { span.startsSpace = space }
            if space {
                if !inSpace { count += 1 }
                inSpace = true
            } else if b & 0xC0 != 0x80 {
                count += b == 0xC2 ? 0 : 1  // NBSP's lead byte is decided by the next byte
                inSpace = false
            } else if previous == 0xC2 {
                count += 1  // a C2 sequence that was not NBSP
                inSpace = false
            }
            span.endsSpace = space
            previous = b
            i += 1
        }
        span.isEmpty = i == 0
        span.length = count
        return span
    }

    mutating func textLength(_ node: MarkupNode) -> Int {
        if let cached = textLengths[node.pointer] { return cached }
        let length = Self.collapsedLength(node.text)
        textLengths[node.pointer] = length
        return length
    }

    /// Length in characters with whitespace runs counted as one, on bytes (Character
    /// iteration was half of the extraction time).
    static func collapsedLength(_ text: String) -> Int { span(of: text.utf8).length }

    private var weights: [OpaquePointer: Double] = [:]

    /// `ArticleExtractor.classWeight`, once per node.
    mutating func weight(_ node: MarkupNode) -> Double {
        if let w = weights[node.pointer] { return w }
        let w = ArticleExtractor.classWeight(node)
        weights[node.pointer] = w
        return w
    }

    mutating func linkDensity(_ node: MarkupNode) -> Double {
        let total = textLength(node)
        guard total > 0 else { return 0 }
        if let cached = linkLengths[node.pointer] { return Double(cached) / Double(total) }
        var links = 0
        func walk(_ n: MarkupNode, depth: Int) {
            guard depth < MarkupNode.maxDepth else { return }
            var child = gz_xml_first_child(n.pointer)
            while let c = child {
                let m = MarkupNode(pointer: c, document: n.document)
                if m.isElement {
                    if m.name == "a" { links += Self.collapsedLength(m.text) }
                    else { walk(m, depth: depth + 1) }
                }
                child = gz_xml_next_sibling(c)
            }
        }
        walk(node, depth: 0)
        linkLengths[node.pointer] = links
        return Double(links) / Double(total)
    }

    /// The top container and the siblings that belong with it.
    mutating func choose(_ body: MarkupNode) -> [MarkupNode] {
        // Containers by score times (1 - link density), best first.
        let ranked = scores.keys.map { pointer in
            (node: MarkupNode(pointer: pointer, document: body.document),
             score: scores[pointer]! * (1 - linkDensity(MarkupNode(pointer: pointer, document: body.document))))
        }.sorted { $0.score > $1.score }
        guard let top = ranked.first else { return [body] }
        var chosen = top.node
        var chosenScore = top.score
        // The best container lies in a block that reads as chrome (a gallery widget's captions)
        // inside the block the page marks as its article body: the marked body is the article.
        if markedBodies.count == 1, let marked = markedBodies.first, marked.pointer != chosen.pointer,
           isInside(chosen, marked), hasChromeAncestor(chosen, below: marked), textLength(marked) >= 500 {
            chosen = marked
            chosenScore = max(chosenScore, scores[marked.pointer] ?? 0)
            tookMarkedBody = true
        }
        // Three of the five best containers under one ancestor: the article is spread over them.
        let near = ranked.prefix(5).dropFirst().filter { $0.score >= top.score * 0.75 }.map(\.node)
        if !tookMarkedBody, near.count >= 3 {
            var ancestor = parents[chosen.pointer]
            while let a = ancestor, a.name != "body" {
                if near.filter({ isInside($0, a) }).count >= 3 {
                    chosen = a
                    chosenScore = max(chosenScore, scores[a.pointer] ?? 0)
                    break
                }
                ancestor = parents[a.pointer]
            }
        }
        // A top candidate that is one of several similar siblings: climb while the parent
        // scores close to it (the article is split over several containers).
        while let parent = parents[chosen.pointer], parent.name != "body", let ps = scores[parent.pointer],
              ps * (1 - linkDensity(parent)) >= chosenScore * 0.98 {
            chosen = parent
            chosenScore = ps
        }
        if let parts = splitParts(of: chosen) { return parts }
        guard let parent = parents[chosen.pointer] else { return [chosen] }
        let threshold = max(10, chosenScore * 0.2)
        var out: [MarkupNode] = []
        var child = gz_xml_first_child(parent.pointer)
        let chosenClass = chosen.attribute("class")
        let parentInArticle = isInArticle(parent)
        while let c = child {
            let sibling = MarkupNode(pointer: c, document: body.document)
            child = gz_xml_next_sibling(c)
            guard sibling.isElement else { continue }
            if sibling.pointer == chosen.pointer { out.append(sibling); continue }
            if Self.ignored.contains(sibling.name) || ArticleExtractor.isHidden(sibling) { continue }
            var bonus = 0.0
            if let cls = chosenClass, !cls.isEmpty, sibling.attribute("class") == cls { bonus = chosenScore * 0.2 }
            if let s = scores[sibling.pointer], s + bonus >= threshold {
                // A block with a headline of its own is the next story.
                if !hasHeadline(sibling, inArticle: parentInArticle) { out.append(sibling) }
                continue
            }
            if sibling.name == "p" {
                let length = textLength(sibling)
                let density = linkDensity(sibling)
                let text = sibling.text
                if (length > 80 && density < 0.25) || (length > 0 && density == 0 && text.contains(". ")) {
                    out.append(sibling)
                }
            }
        }
        return out
    }

    /// An article split into parts with figures between them: an ancestor of the chosen
    /// container (up to five levels up) with siblings of the same tag and class that hold
    /// scored paragraphs, few links and no headline of their own. Returns those parts in
    /// document order, or nil.
    mutating func splitParts(of chosen: MarkupNode) -> [MarkupNode]? {
        var node = chosen
        for _ in 0..<5 {
            guard let parent = parents[node.pointer], parent.name != "html" else { return nil }
            defer { node = parent }
            // The part holding the headline may open the story; inside one <article> it does.
            let inArticle = isInArticle(parent)
            guard let cls = node.attribute("class"), !cls.isEmpty,
                  inArticle ? node.descendant("article") == nil : node.descendant("h1") == nil else { continue }
            var parts: [MarkupNode] = []
            var child = gz_xml_first_child(parent.pointer)
            while let c = child {
                let sibling = MarkupNode(pointer: c, document: chosen.document)
                child = gz_xml_next_sibling(c)
                guard sibling.isElement else { continue }
                if sibling.pointer == node.pointer { parts.append(sibling); continue }
                guard sibling.name == node.name, Self.sameKind(sibling.attribute("class"), cls), !ArticleExtractor.isHidden(sibling),
                      !hasHeadline(sibling, inArticle: inArticle), textLength(sibling) >= 200, linkDensity(sibling) < 0.35,
                      bestScore(under: sibling) >= 10 else { continue }
                parts.append(sibling)
            }
            if parts.count > 1 { return parts }
        }
        return nil
    }

    /// Whether a block holds a story's headline, so it is a story of its own and not a part of
    /// this one: any <h1>, except that inside one <article> an <h1> that does not repeat the
    /// title is a section heading (Medium marks sections so).
    func hasHeadline(_ node: MarkupNode, inArticle: Bool) -> Bool {
        let headings = node.descendants("h1")
        guard inArticle, let title, !title.isEmpty else { return !headings.isEmpty }
        let titleWords = Set(ContentWriter.words(title))
        return headings.contains { ContentWriter.repeatsTitle($0.text, title: titleWords) } || node.descendant("article") != nil
    }

    /// Whether a node is an <article> or inside one.
    func isInArticle(_ node: MarkupNode) -> Bool {
        var current: MarkupNode? = node
        while let n = current {
            if n.name == "article" { return true }
            current = parents[n.pointer]
        }
        return false
    }

    /// Class attributes naming the same kind of block: equal, or with the same first class
    /// name when that name says article text ("articleBodyText section" and "articleBodyText
    /// version-2 section"; not "wrapper" or "col-xs-12", which any layout block has).
    static func sameKind(_ a: String?, _ b: String) -> Bool {
        guard let a else { return false }
        if a == b { return true }
        guard let first = a.split(whereSeparator: \.isWhitespace).first,
              first == b.split(whereSeparator: \.isWhitespace).first else { return false }
        return ArticleExtractor.isPositive(first) && !ArticleExtractor.isNegative(first)
    }

    func isInside(_ node: MarkupNode, _ ancestor: MarkupNode) -> Bool {
        var p = parents[node.pointer]
        while let q = p {
            if q.pointer == ancestor.pointer { return true }
            p = parents[q.pointer]
        }
        return false
    }

    /// Whether a block between `node` and `top` (exclusive; `node` included) reads as chrome by its class.
    mutating func hasChromeAncestor(_ node: MarkupNode, below top: MarkupNode) -> Bool {
        var current: MarkupNode? = node
        while let n = current, n.pointer != top.pointer {
            if weight(n) < 0 { return true }
            current = parents[n.pointer]
        }
        return false
    }

    /// The highest score of a container inside `root`.
    private func bestScore(under root: MarkupNode) -> Double {
        var best = -Double.infinity
        for (pointer, score) in scores where score > best {
            var p: OpaquePointer? = pointer
            while let q = p, q != root.pointer { p = parents[q]?.pointer }
            if p != nil { best = score }
        }
        return best
    }

    /// The `dir` the article is written in: on the chosen container or its nearest ancestor
    /// that says (`<main dir="rtl">`, `<body dir="ltr">`, `<html dir=...>`).
    func declaredDirection(of node: MarkupNode) -> String? {
        var current: MarkupNode? = node
        while let n = current {  // up to the scoring root (the body)
            if let dir = n.attribute("dir")?.trimmingWhitespace(), ["rtl", "ltr"].contains(dir.lowercased()) { return dir }
            current = parents[n.pointer]
        }
        return node.document.root?.attribute("dir")
    }
}
