import Foundation

/// Parses a news page saved as plain text (a scrape, or a hand-written article) by structure.
///
/// A scrape has chrome at either end (a loading banner, the site's slogan, "Add to favorites",
/// "Comments"), a title, a metadata line with the category and a date ("folder_openWorld
/// access_time 2 days ago"; icon-font words glued to text), maybe a "By ..." line, then the
/// paragraphs. A plain article is a title line, then paragraphs separated by blank lines.
public struct ScrapedPageParser: Sendable {
    public struct Result: Equatable, Sendable {
        public var title: String
        public var category: String?
        public var author: String?
        public var published: Date?
        public var publishedText: String?
        public var url: String?
        public var body: String
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case noTitle, noText
        public var description: String {
            switch self {
            case .noTitle: "no title found"
            case .noText: "no article text found"
            }
        }
    }

    /// Time that relative dates ("2 days ago") count back from.
    public var now: Date

    public init(now: Date) { self.now = now }

    /// Material-icon ligature names that scrapes glue in front of words. The ones with an
    /// underscore are removed wherever a word starts with them; plain words ("star") only
    /// when glued to a capital or digit ("starAdd", "today2"), so prose is never touched.
    static let iconWords = [
        "folder_open", "access_time", "star_border", "star_half", "calendar_today", "date_range",
        "remove_red_eye", "account_circle", "chat_bubble_outline", "chat_bubble", "local_offer", "query_builder",
        "watch_later", "favorite_border", "bookmark_border", "arrow_forward", "arrow_back", "keyboard_arrow_right",
        "keyboard_arrow_left", "mode_comment", "insert_comment", "person_outline",
        "folder", "star", "person", "schedule", "visibility", "comment", "share", "bookmark", "event", "today",
        "label", "favorite", "update", "print", "email", "mail", "menu", "search", "home", "close",
    ]

    /// Whole lines that are page furniture, not article text (compared lower-cased, without trailing punctuation).
    static let chromeLines: Set<String> = [
        "please wait", "loading", "skip to content", "skip to main content", "menu", "search", "home",
        "add to favorites", "add to favourites", "remove from favorites", "share", "share this", "share this article",
        "print", "email", "comments", "comment", "leave a comment", "leave a reply", "no comments", "0 comments",
        "read more", "related", "related articles", "related posts", "related news", "advertisement", "ad",
        "sponsored", "tags", "subscribe", "sign in", "log in", "login", "register", "follow us", "back to top",
        "more news", "most read", "most popular", "recommended", "next article", "previous article", "newsletter",
        "facebook", "twitter", "whatsapp", "telegram", "linkedin", "reddit", "copy link", "view comments",
        "show comments", "post a comment", "you may also like", "trending", "latest news",
    ]

    public func parse(_ text: String) throws(Failure) -> Result {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { Self.tidy(String($0)) }
        // Metadata: the first short line near the top with a date in it.
        let searchLimit = min(lines.count, max(12, lines.count / 3))
        var metaIndex: Int?
        var match: DateText.Match?
        var category: String?
        for i in 0..<searchLimit {
            let raw = lines[i]
            guard !raw.isEmpty, raw.count <= 160 else { continue }
            let stripped = Self.stripIcons(raw)
            guard let m = DateText.find(in: stripped, now: now) else { continue }
            guard Self.isMetadataLine(raw: raw, stripped: stripped, date: m) else { continue }
            metaIndex = i
            match = m
            let before = CategoryName.clean(String(stripped[..<m.range.lowerBound]))
            let beforeHasIcon = Self.stripIcons(raw) != raw
            if !before.isEmpty, before.count <= 60, beforeHasIcon || Self.hasMetaSeparators(raw) {
                category = before
            }
            break
        }

        var author: String?
        var title: String?
        var bodyStart = 0
        if let metaIndex {
            // Title: the nearest real line above the metadata line; everything above it is chrome.
            var t = metaIndex - 1
            while t >= 0, lines[t].isEmpty || Self.isChrome(lines[t]) || Self.byline(lines[t]) != nil {
                if author == nil, let by = Self.byline(lines[t]) { author = by }
                t -= 1
            }
            if t >= 0 { title = Self.stripIcons(lines[t]) }
            bodyStart = metaIndex + 1
        } else {
            // Plain article: skip leading chrome; the first real line is the title.
            var t = 0
            while t < lines.count, lines[t].isEmpty || Self.isChrome(lines[t]) { t += 1 }
            if t < lines.count { title = lines[t]; bodyStart = t + 1 }
        }
        guard var title, !title.isEmpty else { throw .noTitle }
        if title.count > 200 {
            // A paragraph, not a title: keep it as text and take its opening words as the title.
            bodyStart -= 1
            lines[bodyStart] = title
            title = Self.shortTitle(title)
        }

        // After the metadata: chrome, a repeated title, a byline, then the body.
        var i = bodyStart
        while i < lines.count {
            let line = lines[i]
            if line.isEmpty || Self.isChrome(line) || line == title || Self.stripIcons(line) == title { i += 1; continue }
            if author == nil, let by = Self.byline(line) { author = by; i += 1; continue }
            break
        }
        var rest = Array(lines[i...])
        // Trailing chrome: "Comments", share bars, tag lists.
        while let last = rest.last, last.isEmpty || Self.isTrailingChrome(last) { rest.removeLast() }
        var paragraphs = Self.paragraphs(rest.filter { !Self.isChrome($0) })
        while let last = paragraphs.last, Self.isTrailingChrome(last) { paragraphs.removeLast() }
        if paragraphs.isEmpty { throw .noText }
        return Result(title: title, category: category, author: author, published: match?.date,
                      publishedText: match?.text, url: nil, body: paragraphs.joined(separator: "\n\n"))
    }

    // MARK: Rules

    /// Trims, turns tabs and odd spaces into spaces, drops zero-width and control characters.
    static func tidy(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            switch s.value {
            case 0x09, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            case 0x00...0x1F, 0x7F, 0x200B, 0xFEFF: continue
            default: out.append(s)
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    static func stripIcons(_ line: String) -> String {
        guard line.contains(where: { $0.isLetter }) else { return line }
        var out = ""
        var rest = Substring(line)
        var atWordStart = true
        while let c = rest.first {
            if atWordStart, c.isLetter, let icon = iconWords.first(where: { rest.hasPrefix($0) }) {
                let after = rest.dropFirst(icon.count)
                let glued = after.first.map { $0.isUppercase || $0.isNumber } ?? false
                let ends = after.first.map { $0.isWhitespace } ?? true
                if icon.contains("_") ? (glued || ends) : glued || (ends && iconOnlyLine(line)) {
                    rest = after
                    continue
                }
            }
            out.append(c)
            atWordStart = c.isWhitespace || c.isPunctuation
            rest = rest.dropFirst()
        }
        return out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A line that has an underscore icon word in it (so lone plain icon words there are icons too).
    private static func iconOnlyLine(_ line: String) -> Bool {
        iconWords.contains { $0.contains("_") && line.contains($0) }
    }

    /// Is this line a metadata line (category and date), not prose that mentions a date?
    ///
    /// Icon words or separators ("|", "•") mark metadata; otherwise the date must be nearly
    /// the whole line ("Updated 3 hours ago"), and the line must not read as a sentence.
    static func isMetadataLine(raw: String, stripped: String, date: DateText.Match) -> Bool {
        let words = stripped.split(whereSeparator: \.isWhitespace).count
        if stripped != raw { return words <= 14 }
        if hasMetaSeparators(raw) { return words <= 14 }
        if let last = stripped.last, ".!?".contains(last) { return false }
        let dateWords = date.text.split(whereSeparator: \.isWhitespace).count
        let weak = ["today", "yesterday", "just now"].contains(date.text.lowercased())
        return words - dateWords <= (weak ? 1 : 3)
    }

    static func hasMetaSeparators(_ line: String) -> Bool {
        line.contains("|") || line.contains("•") || line.contains("·") || line.contains(" - ") || line.contains(" — ")
    }

    static func normalized(_ line: String) -> String {
        stripIcons(line).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " .:!…»>|-"))
    }

    static func isChrome(_ line: String) -> Bool {
        let n = normalized(line)
        if n.isEmpty { return !line.isEmpty }
        if chromeLines.contains(n) { return true }
        // "12 Comments", "Comments (3)"
        if n.hasSuffix(" comments") || n.hasPrefix("comments (") {
            return n.split(separator: " ").count <= 3
        }
        return false
    }

    static func isTrailingChrome(_ paragraph: String) -> Bool {
        if isChrome(paragraph) { return true }
        let n = normalized(paragraph)
        if n.hasPrefix("tags:") || n.hasPrefix("share this") || n.hasPrefix("related:") { return true }
        return false
    }

    /// "By Staff, Agencies" -> "Staff, Agencies"; also "Author: X", "Written by X".
    static func byline(_ line: String) -> String? {
        let stripped = stripIcons(line)
        guard stripped.count <= 100 else { return nil }
        for prefix in ["by ", "written by ", "author: ", "authors: ", "reported by ", "von ", "par "] {
            if stripped.lowercased().hasPrefix(prefix) {
                let name = stripped.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, name.split(separator: " ").count <= 10, !name.hasSuffix(".") || name.count < 40 else { return nil }
                return name
            }
        }
        return nil
    }

    /// Groups lines into paragraphs at blank lines. Lines of prose wrapped by hand are joined
    /// with spaces; lists keep their line breaks.
    static func paragraphs(_ lines: [String]) -> [String] {
        var out: [String] = []
        var block: [String] = []
        func flush() {
            guard !block.isEmpty else { return }
            let isList = block.count > 1 && block.allSatisfy { isListItem($0) }
            out.append(block.joined(separator: isList ? "\n" : " "))
            block.removeAll()
        }
        for line in lines {
            if line.isEmpty { flush() } else { block.append(line) }
        }
        flush()
        return out
    }

    static func isListItem(_ line: String) -> Bool {
        if let c = line.first, "-*•–·".contains(c) { return true }
        let digits = line.prefix(while: \.isNumber)
        return !digits.isEmpty && digits.count <= 3 && (line.dropFirst(digits.count).first.map { $0 == "." || $0 == ")" } ?? false)
    }

    static func shortTitle(_ text: String) -> String {
        if let end = text.firstIndex(where: { ".!?".contains($0) }), text.distance(from: text.startIndex, to: end) < 150 {
            return String(text[...end])
        }
        var out = ""
        for word in text.split(separator: " ") {
            if out.count + word.count > 100 { break }
            out += out.isEmpty ? String(word) : " " + word
        }
        return out + "…"
    }
}
