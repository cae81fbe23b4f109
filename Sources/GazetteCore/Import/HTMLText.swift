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
        var quoteDepth = 0
        var preformatted = 0
        /// How many elements deep the walk is, to stop at `MarkupNode.maxDepth`.
        var depth = 0
        var prefix: String { String(repeating: "> ", count: quoteDepth) }

        static let skipped: Set<String> = ["script", "style", "noscript", "template", "head", "svg", "button", "select", "nav", "param", "input", "textarea"]
        static let blocks: Set<String> = ["p", "div", "section", "article", "header", "footer", "main", "aside", "figure",
                                          "figcaption", "table", "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
                                          "h4", "h5", "h6", "address", "center", "hr", "body", "html"]

        mutating func endParagraph() {
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
            if preformatted > 0 { current += text; return }
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
            switch name {
            case "br":
                if preformatted > 0 { current += "\n" } else { endParagraph() }
                return
            case "img":
                if let alt = node.attribute("alt")?.trimmingWhitespace(), !alt.isEmpty { append("[\(alt)]") }
                return
            case "li":
                endParagraph()
                let marker = String(repeating: "  ", count: max(0, listDepth - 1)) + "- "
                let saved = paragraphs.count
                walkChildren(node)
                endParagraph()
                // Prefix the first paragraph of the item with the marker.
                if paragraphs.count > saved {
                    paragraphs[saved] = prefix + marker + paragraphs[saved].dropFirst(prefix.count)
                }
                return
            case "ul", "ol":
                endParagraph()
                listDepth += 1
                walkChildren(node)
                listDepth -= 1
                endParagraph()
                return
            case "blockquote":
                endParagraph()
                quoteDepth += 1
                walkChildren(node)
                endParagraph()
                quoteDepth -= 1
                return
            case "pre":
                endParagraph()
                preformatted += 1
                walkChildren(node)
                endParagraph()
                preformatted -= 1
                return
            case "a":
                walkChildren(node)
                if keepLinks, let href = node.attribute("href")?.trimmingWhitespace(), !href.isEmpty,
                   !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") {
                    let url = resolveURL(href, base: base)
                    let n = (references.firstIndex(of: url) ?? { references.append(url); return references.count - 1 }()) + 1
                    append(" [\(n)]")
                }
                return
            case "td", "th":
                walkChildren(node)
                append(" ")
                return
            default:
                break
            }
            let block = Self.blocks.contains(name)
            if block { endParagraph() }
            walkChildren(node)
            if block { endParagraph() }
        }

        mutating func finish() -> String {
            endParagraph()
            var out = paragraphs
            if !references.isEmpty {
                out.append((["Links:"] + references.enumerated().map { "[\($0.offset + 1)] \($0.element)" }).joined(separator: "\n"))
            }
            return out.joined(separator: "\n\n")
        }
    }
}
