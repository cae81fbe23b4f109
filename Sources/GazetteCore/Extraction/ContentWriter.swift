import Foundation

/// Converts the chosen nodes to text, leaving out what is not article text.
struct ContentWriter {
    private var writer: HTMLText.Writer

    /// `title`: the article's title; an <h1> that repeats it (half its words or more are the
    /// title's) is left out, other <h1>s (some sites mark section headings so) are kept.
    /// `images`: write images' alt text ("[A flooded street]"); only for pages that are
    /// mostly pictures, since on an article the alt text repeats what the text says.
    /// `markedBody`: the nodes are the block the page marks as its article body, so blocks
    /// inside it that read as chrome (a gallery widget, a share bar) are left out whatever
    /// their size; elsewhere a large one may be the article in broken markup.
    /// `scorer`: the page's scorer, whose measured text lengths and link densities are reused.
    /// `links`: the text as an article keeps it, links numbered ("[1]") and listed at the
    /// end, with its rich text; else the text alone (what the benchmarks score).
    init(base: String?, bodyLength: Double, title: String? = nil, images: Bool = false, markedBody: Bool = false,
         scorer: Scorer = Scorer(), links: Bool = false) {
        let titleList = Self.words(title ?? "")
        let titleWords = Set(titleList)
        writer = HTMLText.Writer(base: base, keepLinks: links)
        if links { writer.rich = RichWriter() }
        // The skip rule needs its own scorer for link density; a class box keeps it mutable.
        let box = ScorerBox(scorer)
        writer.skip = { node, name in
            if Scorer.ignored.contains(name) || name == "figure" || name == "figcaption" { return true }
            if name == "img", !images { return true }
            if name == "h1" {
                // The headline, maybe worded apart from the title: half its words are the title's.
                if titleWords.isEmpty || Self.repeatsTitle(node.text, title: titleWords) { return true }
            }
            // The headline set as a lower heading: the same words as the title.
            if ["h2", "h3"].contains(name), !titleWords.isEmpty, Self.words(node.text) == titleList { return true }
            if ArticleExtractor.isHidden(node) { return true }
            if name == "form", box.scorer.textLength(node) < 1000 { return true }
            let weight = box.scorer.weight(node)
            let length = box.scorer.textLength(node)
            // An embedded post (a tweet's <blockquote> in a "social-media-embed" box) is quoted
            // text of the story, not a share bar.
            if weight < 0, markedBody || (length < 1500 && Double(length) < bodyLength * 0.5), !Self.isEmbeddedQuote(node) { return true }
            if ["ul", "ol", "div", "section", "table", "p"].contains(name) {
                let density = box.scorer.linkDensity(node)
                if density > 0.5, length < 1200 || density > 0.8, !((name == "ul" || name == "ol") && Self.annotatedLinks(node)) { return true }
            }
            return false
        }
    }

    /// Inline elements: part of a sentence whatever their class says.
    static let inline: Set<String> = ["a", "span", "em", "strong", "b", "i", "u", "small", "sup", "sub", "mark", "q", "cite",
                                      "abbr", "time", "code", "kbd", "var", "s", "del", "ins", "font"]

    mutating func walk(_ node: MarkupNode) { writer.walk(node) }

    /// A block whose class says embed and that holds a quotation of some length.
    static func isEmbeddedQuote(_ node: MarkupNode) -> Bool {
        let hints = ((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? "")).lowercased()
        guard hints.contains("embed"), let quote = node.descendant("blockquote") else { return false }
        return Scorer.collapsedLength(quote.text) >= 40
    }

    /// Whether a heading is the headline: empty, or half its words or more are the title's.
    static func repeatsTitle(_ heading: String, title: Set<String>) -> Bool {
        let words = Self.words(heading)
        return words.isEmpty || words.filter(title.contains).count * 2 >= words.count
    }

    /// A list whose items say something besides their link ("gero <a>removed the windowtype
    /// attribute</a> from dialogs"): most items hold a link and words of their own.
    static func annotatedLinks(_ list: MarkupNode) -> Bool {
        let items = list.all("li")
        guard items.count >= 2 else { return false }
        let annotated = items.filter { item in
            let links = item.descendants("a")
            guard !links.isEmpty else { return false }
            let linkText = links.reduce(0) { $0 + Scorer.collapsedLength($1.text) }
            return Scorer.collapsedLength(item.text) - linkText >= 12
        }
        return annotated.count * 2 > items.count
    }

    /// Lowercased words, for comparing a heading with the title.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    mutating func finish() -> String { writer.finish() }

    /// After `finish`: the text's structure (headings, lists, quotes, tables, code, bold and
    /// italic) in its stored form, nil when it has none beyond paragraphs.
    var rich: String? {
        guard let rich = writer.rich, rich.isWorthKeeping else { return nil }
        return rich.text.encoded
    }

    final class ScorerBox: @unchecked Sendable {
        var scorer: Scorer
        init(_ scorer: Scorer) { self.scorer = scorer }
    }
}
