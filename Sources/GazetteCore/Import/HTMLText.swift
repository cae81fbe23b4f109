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
        return writer.finish()
    }

    /// Collapses runs of whitespace inside paragraphs; keeps blank lines as paragraph breaks.
    static func normalizeText(_ text: String) -> String {
        let paragraphs = text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .filter { !$0.isEmpty }
        return paragraphs.joined(separator: "\n\n")
    }

    struct Writer {
        var base: String?
        var keepLinks = true
        var paragraphs: [String] = []
        var current = ""
        var references: [String] = []
        var listDepth = 0
        var quoteDepth = 0
        var preformatted = 0
        var prefix: String { String(repeating: "> ", count: quoteDepth) }

        static let skipped: Set<String> = ["script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg", "form", "button", "select", "nav"]
        static let blocks: Set<String> = ["p", "div", "section", "article", "header", "footer", "main", "aside", "figure",
                                          "figcaption", "table", "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3",
                                          "h4", "h5", "h6", "address", "center", "hr", "body", "html"]

        mutating func endParagraph() {
            let text = preformatted > 0 ? current : current.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
            if !text.trimmingWhitespace().isEmpty { paragraphs.append(prefix + text) }
            current = ""
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

        mutating func walk(_ node: MarkupNode) {
            if node.isText { append(node.rawText); return }
            guard node.isElement else { return }
            let name = node.name
            if Self.skipped.contains(name) { return }
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
                for child in node.children { walk(child) }
                endParagraph()
                // Prefix the first paragraph of the item with the marker.
                if paragraphs.count > saved {
                    paragraphs[saved] = prefix + marker + paragraphs[saved].dropFirst(prefix.count)
                }
                return
            case "ul", "ol":
                endParagraph()
                listDepth += 1
                for child in node.children { walk(child) }
                listDepth -= 1
                endParagraph()
                return
            case "blockquote":
                endParagraph()
                quoteDepth += 1
                for child in node.children { walk(child) }
                endParagraph()
                quoteDepth -= 1
                return
            case "pre":
                endParagraph()
                preformatted += 1
                for child in node.children { walk(child) }
                endParagraph()
                preformatted -= 1
                return
            case "a":
                for child in node.children { walk(child) }
                if keepLinks, let href = node.attribute("href")?.trimmingWhitespace(), !href.isEmpty,
                   !href.hasPrefix("#"), !href.lowercased().hasPrefix("javascript:") {
                    let url = resolveURL(href, base: base)
                    let n = (references.firstIndex(of: url) ?? { references.append(url); return references.count - 1 }()) + 1
                    append(" [\(n)]")
                }
                return
            case "td", "th":
                for child in node.children { walk(child) }
                append(" ")
                return
            default:
                break
            }
            let block = Self.blocks.contains(name)
            if block { endParagraph() }
            for child in node.children { walk(child) }
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
