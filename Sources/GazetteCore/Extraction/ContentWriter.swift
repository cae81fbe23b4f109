import Foundation

/// Converts the chosen nodes to text, leaving out what is not article text.
struct ContentWriter {
    private var writer: HTMLText.Writer

    init(base: String?, bodyLength: Double) {
        writer = HTMLText.Writer(base: base, keepLinks: false)
        // The skip rule needs its own scorer for link density; a class box keeps it mutable.
        let box = ScorerBox()
        writer.skip = { node, name in
            if Scorer.ignored.contains(name) || name == "h1" || name == "figure" || name == "figcaption" { return true }
            if ArticleExtractor.isHidden(node) { return true }
            if name == "form", box.scorer.textLength(node) < 1000 { return true }
            let weight = box.scorer.weight(node)
            let length = box.scorer.textLength(node)
            if weight < 0, length < 1500, Double(length) < bodyLength * 0.5 { return true }
            if ["ul", "ol", "div", "section", "table", "p"].contains(name) {
                let density = box.scorer.linkDensity(node)
                if density > 0.5, length < 1200 || density > 0.8 { return true }
            }
            return false
        }
    }

    mutating func walk(_ node: MarkupNode) { writer.walk(node) }

    mutating func finish() -> String { writer.finish() }

    final class ScorerBox: @unchecked Sendable { var scorer = Scorer() }
}
