import CGazetteXML
import Foundation

/// Turns HTML (feed content, article markup) into Gazette's plain text: paragraphs separated
/// by blank lines, "- " list items, "> " quotes, and links kept as numbered references
/// ("text [1]") listed at the end.
public enum HTMLText {
    /// - Parameter links: false for one-line texts (titles): keep link text, drop the references.
    public static func convert(_ html: String, base: String? = nil, links: Bool = true) -> String {
        // Plain text needs no parsing (and "<" in it would be misread).
        guard html.contains("<") || html.contains("&") else { return normalizeText(html) }
        guard let doc = MarkupDocument.html(Array(("<div>" + html + "</div>").utf8), url: base), let root = doc.root else {
            return normalizeText(html)
        }
        var writer = Writer(base: base, keepLinks: links)
        writer.walk(root)
        return TextDecoding.demoronize(writer.finish())
    }

    /// Feed content as text and as rich text (headings, lists with their numbers, quotes,
    /// tables, code, bold and italic, links, images as "[image 3: alt]" with their address
    /// among the links). The rich text is nil when the HTML has no structure worth keeping
    /// beyond the text's own paragraphs. The rich text comes in its stored form
    /// (`RichText.encoded`), as the article keeps it.
    public static func convertRich(_ html: String, base: String? = nil) -> (text: String, rich: String?) {
        guard html.contains("<") || html.contains("&") else { return (normalizeText(html), nil) }
        guard let doc = MarkupDocument.html(Array(("<div>" + html + "</div>").utf8), url: base), let root = doc.root else {
            return (normalizeText(html), nil)
        }
        var writer = Writer(base: base, keepLinks: true)
        writer.rich = RichWriter()
        writer.walk(root)
        let text = TextDecoding.demoronize(writer.finish())
        guard let rich = writer.rich, rich.isWorthKeeping else { return (text, nil) }
        return (text, TextDecoding.demoronize(rich.text.encoded))
    }

    /// Collapses runs of whitespace inside paragraphs; keeps blank lines as paragraph breaks.
    static func normalizeText(_ text: String) -> String {
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        return TextDecoding.demoronize(paragraphs.joined(separator: "\n\n"))
    }

    struct Writer {
        var base: String?
        var keepLinks = true
        /// Extra elements to leave out (reader mode: chrome, hidden blocks, link lists).
        var skip: ((MarkupNode, String) -> Bool)? = nil
        var paragraphs: [String] = []
        var current = ""
        var references: [String] = []
        var listDepth = 0
        /// The open lists: ordered or not, and the next item's number.
        var lists: [(ordered: Bool, next: Int)] = []
        var quoteDepth = 0
        /// Rich text made alongside, when asked for (`convertRich`).
        var rich: RichWriter?
        var preformatted = 0
        /// How many elements deep the walk is, to stop at `MarkupNode.maxDepth`.
        var depth = 0
        var prefix: String { String(repeating: "> ", count: quoteDepth) }

        static let skipped: Set<String> = ["script", "style", "noscript", "template", "head", "svg", "button", "select", "nav", "param", "input", "textarea"]
        static let blocks: Set<String> = ["p", "div", "section", "article", "header", "footer", "main", "aside", "figure",
                                          "figcaption", "table", "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
                                          "h4", "h5", "h6", "address", "center", "hr", "body", "html"]

        mutating func endParagraph() {
            rich?.endBlock()
            defer { current = "" }
            guard !current.isEmpty else { return }
            // `append` already collapsed whitespace: only the ends need trimming.
            var scalars = Substring(current).unicodeScalars
            if preformatted == 0 {
                while scalars.first == " " { scalars.removeFirst() }
                while scalars.last == " " { scalars.removeLast() }
                if scalars.isEmpty { return }
                paragraphs.append(quoteDepth == 0 ? String(scalars) : prefix + String(scalars))
            } else {
                guard current.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return }
                paragraphs.append(prefix + current)
            }
        }

        mutating func append(_ text: String) {
            if preformatted > 0 { current += text; rich?.append(text); return }
            // Collapse whitespace as a browser does (on scalars: Character is slow here).
            var out = String.UnicodeScalarView()
            var lastSpace = current.unicodeScalars.last.map { $0 == " " } ?? true
            for scalar in text.unicodeScalars {
                switch scalar.value {
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                    if !lastSpace { out.append(" "); lastSpace = true }
                default:
                    out.append(scalar)
                    lastSpace = false
                }
            }
            current.unicodeScalars.append(contentsOf: out)
            if rich != nil, !out.isEmpty { rich?.append(String(out)) }
        }

        /// Element names are interned by libxml2, so a pointer-keyed cache avoids a String per node.
        var names: [OpaquePointer: String] = [:]

        mutating func name(of node: MarkupNode) -> String {
            guard let raw = gz_xml_node_name(node.pointer) else { return "" }
            let key = OpaquePointer(raw)
            if let cached = names[key] { return cached }
            let name = String(cString: raw).lowercased()
            names[key] = name
            return name
        }

        /// Walks the children through libxml2's sibling links (no array per node).
        mutating func walkChildren(_ node: MarkupNode) {
            guard depth < MarkupNode.maxDepth else { return }
            depth += 1
            defer { depth -= 1 }
            var child = gz_xml_first_child(node.pointer)
            while let c = child {
                walk(MarkupNode(pointer: c, document: node.document))
                child = gz_xml_next_sibling(c)
            }
        }

        mutating func walk(_ node: MarkupNode) {
            if node.isText { append(node.rawText); return }
            guard node.isElement else { return }
            let name = name(of: node)
            if Self.skipped.contains(name) { return }
            if let skip, skip(node, name) { return }
            if Self.special.contains(name) {
                special(node, name)
                return
            }
            if rich != nil, let style = Self.inlineStyles[name] {
                styled(node, style)
                return
            }
            let block = Self.blocks.contains(name)
            if block { endParagraph() }
            walkChildren(node)
            if block { endParagraph() }
        }

        /// Elements handled on their own: kept out of `walk` so its stack frame stays small
        /// (the walk recurses as deep as the markup nests).
        static let special: Set<String> = ["br", "img", "li", "ul", "ol", "blockquote", "pre", "a", "td", "th", "tr", "table", "hr",
                                           "h1", "h2", "h3", "h4", "h5", "h6"]

        @inline(never)
        mutating func styled(_ node: MarkupNode, _ style: RichText.Style) {
            let saved = rich?.style ?? []
            rich?.style.insert(style)
            walkChildren(node)
            rich?.style = saved
        }

        /// A list's `start` or an item's `value`: a number a list can count on from (a feed's
        /// 9223372036854775807 must not overflow the next item's number).
        static func listNumber(_ text: String) -> Int? {
            Int(text.trimmingWhitespace()).map { min(max($0, -1_000_000_000), 1_000_000_000) }
        }

        /// One small function per element keeps each frame on the recursion small.
        mutating func special(_ node: MarkupNode, _ name: String) {
            switch name {
            case "br": lineBreak(node, name)
            case "img": image(node)
            case "li": listItem(node, name)
            case "ul", "ol": list(node, name)
            case "blockquote": quote(node, name)
            case "pre": preformatted(node, name)
            case "a": anchor(node, name)
            case "td", "th": cell(node, name)
            case "tr": tableRow(node, name)
            case "table": table(node, name)
            case "hr": horizontalRule(node, name)
            case "h1", "h2", "h3", "h4", "h5", "h6": heading(node, name)
            default: break
            }
        }

        @inline(never)
        mutating func lineBreak(_ node: MarkupNode, _ name: String) {
            if preformatted > 0 { current += "\n"; rich?.append("\n") } else if rich?.inCell == true { append(" ") } else { endParagraph() }
        }

        @inline(never)
        mutating func listItem(_ node: MarkupNode, _ name: String) {
            endParagraph()
            var number: Int?
            if let list = lists.last, list.ordered {
                number = node.attribute("value").flatMap(Self.listNumber) ?? list.next
                lists[lists.count - 1].next = (number ?? 0) + 1
            }
            let marker = number.map { "\($0)." } ?? "-"
            let indent = String(repeating: "  ", count: max(0, listDepth - 1))
            let saved = paragraphs.count
            rich?.open(.item(marker))
            walkChildren(node)
            endParagraph()
            rich?.close()
            // Prefix the first paragraph of the item with the marker.
            if paragraphs.count > saved {
                paragraphs[saved] = prefix + indent + marker + " " + paragraphs[saved].dropFirst(prefix.count)
            }
        }

        @inline(never)
        mutating func list(_ node: MarkupNode, _ name: String) {
            endParagraph()
            listDepth += 1
            let start = name == "ol" ? node.attribute("start").flatMap(Self.listNumber) ?? 1 : 1
            lists.append((ordered: name == "ol", next: start))
            walkChildren(node)
            lists.removeLast()
            listDepth -= 1
            endParagraph()
        }

        @inline(never)
        mutating func quote(_ node: MarkupNode, _ name: String) {
            endParagraph()
            quoteDepth += 1
            rich?.open(.quote)
            walkChildren(node)
            endParagraph()
            rich?.close()
            quoteDepth -= 1
        }

        @inline(never)
        mutating func preformatted(_ node: MarkupNode, _ name: String) {
            endParagraph()
            preformatted += 1
            rich?.kind = .preformatted
            walkChildren(node)
            endParagraph()
            rich?.kind = .paragraph
            preformatted -= 1
        }

        @inline(never)
        mutating func anchor(_ node: MarkupNode, _ name: String) {
            var number: Int?
            if keepLinks, let href = node.attribute("href")?.trimmingWhitespace(), !href.isEmpty,
               !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") {
                number = reference(resolveURL(href, base: base))
            }
            let saved = rich?.style
            // Underlined only when it can be opened (a numbered reference).
            if number != nil {
                rich?.style.insert(.link)
                rich?.link = number
            }
            walkChildren(node)
            rich?.style = saved ?? []
            rich?.link = nil
            if let number { append(" [\(number)]") }
        }

        @inline(never)
        mutating func cell(_ node: MarkupNode, _ name: String) {
            rich?.openCell(header: name == "th")
            walkChildren(node)
            append(" ")
            rich?.closeCell()
        }

        @inline(never)
        mutating func tableRow(_ node: MarkupNode, _ name: String) {
            endParagraph()
            rich?.openRow()
            walkChildren(node)
            rich?.closeRow()
            endParagraph()
        }

        @inline(never)
        mutating func table(_ node: MarkupNode, _ name: String) {
            endParagraph()
            rich?.tableDepth += 1
            walkChildren(node)
            rich?.tableDepth -= 1
            endParagraph()
        }

        @inline(never)
        mutating func horizontalRule(_ node: MarkupNode, _ name: String) {
            endParagraph()
            rich?.rule()
        }

        @inline(never)
        mutating func heading(_ node: MarkupNode, _ name: String) {
            endParagraph()
            rich?.kind = .heading(Int(name.dropFirst()) ?? 1)
            walkChildren(node)
            endParagraph()
            rich?.kind = .paragraph
        }

        static let inlineStyles: [String: RichText.Style] = [
            "b": .bold, "strong": .bold, "i": .italic, "em": .italic, "cite": .italic, "dfn": .italic,
            "code": .code, "kbd": .code, "samp": .code, "tt": .code,
        ]

        /// The number of a link among the references ("[3]"), added when new.
        mutating func reference(_ url: String) -> Int {
            (references.firstIndex(of: url) ?? { references.append(url); return references.count - 1 }()) + 1
        }

        /// An image: with links kept (feeds), "[image 3: alt]" with its address as reference 3
        /// (a tracking pixel, an image without an address or an inline data: image has no
        /// number); else its alt text alone ("[alt]") or nothing.
        mutating func image(_ node: MarkupNode) {
            let alt = node.attribute("alt")?.trimmingWhitespace() ?? ""
            guard keepLinks else {
                if !alt.isEmpty { append("[\(alt)]") }
                return
            }
            let pixel = ["width", "height"].contains { node.attribute($0).flatMap { Int($0.trimmingWhitespace()) }.map { $0 <= 1 } ?? false }
            if pixel { return }
            let src = (node.attribute("src") ?? node.attribute("data-src"))?.trimmingWhitespace() ?? ""
            let number = src.isEmpty || src.lowercased().hasPrefix("data:") ? nil : reference(resolveURL(src, base: base))
            let label = "[image" + (number.map { " \($0)" } ?? "") + (alt.isEmpty ? "" : ": \(alt)") + "]"
            let saved = rich?.style
            let savedLink = rich?.link
            rich?.style = [.link]
            rich?.link = number
            append(label)
            rich?.style = saved ?? []
            rich?.link = savedLink
        }

        mutating func finish() -> String {
            endParagraph()
            var out = paragraphs
            if !references.isEmpty {
                let list = (["Links:"] + references.enumerated().map { "[\($0.offset + 1)] \($0.element)" }).joined(separator: "\n")
                out.append(list)
                rich?.text.blocks.append(RichText.Block(cells: [[RichText.Run(list)]]))
            }
            return out.joined(separator: "\n\n")
        }
    }
}

/// Builds `RichText` while `HTMLText.Writer` walks the HTML: the writer tells it where blocks
/// end, which containers are open and what style the text has.
struct RichWriter {
    var text = RichText()
    var style: RichText.Style = []
    var link: Int?
    var kind: RichText.Kind = .paragraph
    /// Open quotes and list items; an item's marker goes on its first block only.
    var containers: [(container: RichText.Container, started: Bool)] = []
    var runs: [RichText.Run] = []
    /// Tables open around the text; only the outermost one's rows are rows.
    var tableDepth = 0
    var row: (cells: [[RichText.Run]], header: Bool)?
    var cellDepth = 0
    /// Inside a cell of the outermost table: blocks inside it (<p>, <br>) only add a space.
    var inCell: Bool { cellDepth > 0 && row != nil }
    /// Anything besides plain paragraphs was seen (else the plain text says it all).
    var structured = false

    var isWorthKeeping: Bool { structured && !text.blocks.isEmpty }

    mutating func append(_ s: String) {
        if !style.isEmpty || kind != .paragraph { structured = true }
        if let last = runs.last, last.style == style, last.link == link {
            runs[runs.count - 1].text += s
        } else {
            runs.append(RichText.Run(s, style: style, link: link))
        }
    }

    mutating func open(_ container: RichText.Container) {
        guard !inCell else { return }
        structured = true
        containers.append((container, false))
    }

    mutating func close() {
        guard !inCell, !containers.isEmpty else { return }
        containers.removeLast()
    }

    /// Runs without the spaces at their ends (inside, whitespace is already collapsed).
    static func trimmed(_ runs: [RichText.Run], keepSpaces: Bool = false) -> [RichText.Run] {
        var runs = runs.filter { !$0.text.isEmpty }
        guard !keepSpaces else { return runs }
        while let first = runs.first {
            let t = first.text.drop { $0 == " " }
            if t.isEmpty { runs.removeFirst() } else { runs[0].text = String(t); break }
        }
        while let last = runs.last {
            var scalars = Substring(last.text).unicodeScalars
            while scalars.last == " " { scalars.removeLast() }
            if scalars.isEmpty { runs.removeLast() } else { runs[runs.count - 1].text = String(scalars); break }
        }
        return runs
    }

    mutating func endBlock() {
        if inCell {
            if let last = runs.last, !last.text.hasSuffix(" ") { append(" ") }
            return
        }
        let pre = kind == .preformatted
        let cell = Self.trimmed(runs, keepSpaces: pre)
        runs = []
        guard cell.contains(where: { !$0.text.allSatisfy(\.isWhitespace) }) else { return }
        emit(kind: kind, cells: [cell])
    }

    mutating func emit(kind: RichText.Kind, cells: [[RichText.Run]]) {
        guard text.blocks.count < 200_000 else { return }
        let held = containers.suffix(RichText.maxDepth).map { c -> RichText.Container in
            if case .item = c.container, c.started { return .itemContinued }
            return c.container
        }
        for i in containers.indices { containers[i].started = true }
        text.blocks.append(RichText.Block(containers: held, kind: kind, cells: cells))
    }

    mutating func rule() {
        guard !inCell else { return }
        structured = true
        emit(kind: .rule, cells: [[]])
    }

    mutating func openRow() {
        guard tableDepth == 1, row == nil else { return }
        endBlock()
        row = ([], true)
    }

    mutating func openCell(header: Bool) {
        guard tableDepth == 1, row != nil else { return }
        if cellDepth == 0 {
            runs = []
            if !header { row?.header = false }
        }
        cellDepth += 1
    }

    mutating func closeCell() {
        guard tableDepth == 1, row != nil, cellDepth > 0 else { return }
        cellDepth -= 1
        guard cellDepth == 0 else { return }
        row?.cells.append(Self.trimmed(runs))
        runs = []
    }

    mutating func closeRow() {
        guard tableDepth == 1, let finished = row else { return }
        row = nil
        cellDepth = 0
        // Text straight in a <tr> (broken markup) is a cell of its own.
        var cells = finished.cells
        let stray = Self.trimmed(runs)
        runs = []
        if !stray.isEmpty { cells.append(stray) }
        guard cells.contains(where: { !$0.isEmpty }) else { return }
        structured = true
        emit(kind: .row(header: finished.header && !finished.cells.isEmpty), cells: cells)
    }
}
