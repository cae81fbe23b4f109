import Foundation
import GazetteCore

/// A place in an article's text that survives re-wrapping: a paragraph and a glyph offset in it.
public struct TextAnchor: Equatable, Comparable, Sendable {
    public var paragraph: Int
    public var offset: Int
    public static func < (a: TextAnchor, b: TextAnchor) -> Bool {
        (a.paragraph, a.offset) < (b.paragraph, b.offset)
    }
}

/// Part of a line drawn in one style.
public struct ReaderSpan: Equatable, Sendable {
    public var text: String
    public var width: Int
    public var style: Style

    public init(text: String, width: Int? = nil, style: Style) {
        self.text = text
        self.width = width ?? DisplayText.width(text)
        self.style = style
    }

    init(glyphs: [DisplayText.Glyph], style: Style) {
        text = glyphs.map(\.text).joined()
        width = glyphs.reduce(0) { $0 + $1.width }
        self.style = style
    }
}

/// One line of the laid-out article.
public struct ReaderLine: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case title, meta, body, blank, rule }
    public var text: String
    public var width: Int
    public var kind: Kind
    public var anchor: TextAnchor
    /// Right-align (the paragraph is Arabic, Hebrew, ...).
    public var rightAligned = false
    /// The line's parts and their styles (body lines); empty: `text` in the kind's style.
    public var spans: [ReaderSpan] = []
}

/// The open article and where the reader is in it.
public struct ReaderState: Equatable, Sendable {
    public var articleID: ArticleID
    public var title: String
    public var article: Article?
    public var error: String?
    public var lines: [ReaderLine] = []
    /// Width the lines were wrapped to.
    public var wrapWidth = 0
    /// First visible line.
    public var top = 0
    /// The text position at the top of the view.
    ///
    /// Kept as a text position, not a line number, so a resize reflows without losing the place.
    public var anchor = TextAnchor(paragraph: -2, offset: 0)

    /// The search's words, marked in the text (folded as search folds them).
    public var highlight: [[UInt8]] = []
    /// The lines that hold a marked word, for `]` and `[`.
    public var matchLines: [Int] = []
    /// Which of them `]` and `[` last went to.
    public var currentMatch: Int?

    public init(articleID: ArticleID, title: String) {
        self.articleID = articleID
        self.title = title
    }

    /// Lays the article out for a column width and scrolls back to the anchor.
    mutating func layOut(width: Int, now: Date, zone: TimeZone) {
        guard let article else { lines = []; return }
        wrapWidth = width
        lines = ReaderState.lines(for: article, width: width, now: now, zone: zone)
        matchLines = Highlighter.mark(&lines, words: highlight)
        top = lines.lastIndex(where: { $0.anchor <= anchor }) ?? 0
    }

    /// Scrolls to a line and records the anchor there.
    mutating func scroll(to line: Int, visible: Int) {
        let maxTop = max(0, lines.count - visible)
        top = min(max(line, 0), maxTop)
        if lines.indices.contains(top) { anchor = lines[top].anchor }
    }

    static func lines(for article: Article, width: Int, now: Date, zone: TimeZone) -> [ReaderLine] {
        var out: [ReaderLine] = []
        for l in Wrapper.wrap(article.title, width: width) {
            out.append(ReaderLine(text: l.text, width: l.width, kind: .title, anchor: TextAnchor(paragraph: -2, offset: l.offset)))
        }
        var meta = [article.category]
        // The feed (or site) it came from, when the folder does not already say so: a synced
        // account's folders hold several feeds.
        if let site = article.siteName, !site.isEmpty, site.lowercased() != article.category.lowercased() { meta.append(site) }
        if let published = article.published {
            meta.append(DateLabel.long(published, now: now, zone: zone))
        } else {
            // As in the list and `gazette list`: no date could be read.
            meta.append("\(DateLabel.undated) (added \(DateLabel.short(article.importedAt, now: now, zone: zone)))")
        }
        if let author = article.author, !author.isEmpty { meta.append("by \(author)") }
        for l in Wrapper.wrap(meta.joined(separator: " · "), width: width) {
            out.append(ReaderLine(text: l.text, width: l.width, kind: .meta, anchor: TextAnchor(paragraph: -1, offset: l.offset)))
        }
        if let url = article.url {
            for l in Wrapper.wrap(url, width: width) {
                out.append(ReaderLine(text: l.text, width: l.width, kind: .meta, anchor: TextAnchor(paragraph: -1, offset: 10_000 + l.offset)))
            }
        }
        let rule = String(repeating: "─", count: min(width, 40))
        out.append(ReaderLine(text: rule, width: DisplayText.width(rule), kind: .rule,
                              anchor: TextAnchor(paragraph: -1, offset: 20_000)))
        out += RichLayout.lines(article.richText, width: width)
        return out
    }
}
