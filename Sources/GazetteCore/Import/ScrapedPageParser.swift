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
        var lines = Self.splitLines(text).map(Self.tidy)
        // Metadata: the first short line near the top with a date in it.
        let searchLimit = min(lines.count, 40)
        var metaIndex: Int?
        var match: DateText.Match?
        var category: String?
        for i in 0..<searchLimit {
            let raw = lines[i]
            guard !raw.isEmpty, raw.utf8.count <= 480, raw.count <= 160, DateText.mayContainDate(raw) else { continue }
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

    /// Splits at LF, CRLF or CR, working on bytes (Character iteration is slow on big files).
    static func splitLines(_ text: String) -> [String] {
        var out: [String] = []
        var text = text
        text.withUTF8 { buf in
            var start = 0
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b == 10 || b == 13 {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<i]), as: UTF8.self))
                    if b == 13, i + 1 < buf.count, buf[i + 1] == 10 { i += 1 }
                    start = i + 1
                }
                i += 1
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<buf.count]), as: UTF8.self))
        }
        return out
    }

    /// Trims, turns tabs and odd spaces into spaces, drops zero-width and control characters.
    static func tidy(_ line: String) -> String {
        // Fast path: no control bytes and no lead byte of the odd spaces (C2 A0, E2 80 xx, E3 80 80, EF BB BF).
        let plain = Bytes.withUTF8(line) { buf in
            buf.allSatisfy { $0 >= 0x20 && $0 != 0x7F && $0 != 0xC2 && $0 != 0xE2 && $0 != 0xE3 && $0 != 0xEF }
        }
        if plain { return trimSpaces(line) }
        var out = String.UnicodeScalarView()
        for s in line.unicodeScalars {
            switch s.value {
            case 0x09, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: out.append(" ")
            case 0x00...0x1F, 0x7F, 0x200B, 0xFEFF: continue
            default: out.append(s)
            }
        }
        return trimSpaces(String(out))
    }

    private static func trimSpaces(_ line: String) -> String {
        let u = line.utf8
        guard u.first == 32 || u.last == 32 else { return line }
        return line.trimmingWhitespace()
    }

    /// First bytes of icon words (all lower-case ASCII letters), as bits from "a".
    private static let iconFirstLetters: UInt32 = iconWords.reduce(0) { $0 | 1 << UInt32($1.utf8.first! - 97) }

    /// True when some word starts with the first letter of an icon word and runs into an
    /// underscore or a capital within the word: a cheap filter before the real match.
    private static func mayHaveIcon(_ line: String) -> Bool {
        Bytes.withUTF8(line) { buf in
            var atWordStart = true
            var inCandidate = false
            for b in buf {
                if b == 32 || b == 9 { atWordStart = true; inCandidate = false; continue }
                if atWordStart { inCandidate = b >= 97 && b <= 122 && iconFirstLetters & (1 << UInt32(b - 97)) != 0 }
                else if inCandidate, b == 95 || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b >= 0xC3 { return true }
                atWordStart = false
            }
            return false
        }
    }

    /// Icon words as bytes, longest first so "folder_open" wins over "folder".
    private static let iconBytes: [(bytes: [UInt8], underscore: Bool)] = iconWords
        .sorted { $0.utf8.count > $1.utf8.count }
        .map { (Array($0.utf8), $0.contains("_")) }

    static func stripIcons(_ line: String) -> String {
        guard mayHaveIcon(line) else { return line }
        let bytes = Array(line.utf8)
        // Cheap rejection: every icon word starts a word with a lower-case ASCII letter.
        var hasUnderscore = false
        for b in bytes where b == 95 { hasUnderscore = true; break }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var changed = false
        while i < bytes.count {
            let atWordStart = i == 0 || bytes[i - 1] == 32 || bytes[i - 1] == 9
            let b = bytes[i]
            if atWordStart, b >= 97, b <= 122 {
                var matched = false
                for icon in iconBytes where icon.bytes[0] == b && i + icon.bytes.count <= bytes.count {
                    guard bytes[i..<(i + icon.bytes.count)].elementsEqual(icon.bytes) else { continue }
                    let after = i + icon.bytes.count
                    let next: UInt8? = after < bytes.count ? bytes[after] : nil
                    let glued = next.map { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 >= 0xC3 } ?? false
                    let ends = next.map { $0 == 32 } ?? true
                    if icon.underscore ? (glued || ends) : glued || (ends && hasUnderscore) {
                        i = after
                        matched = true
                        changed = true
                    }
                    break
                }
                if matched { continue }
            }
            out.append(b)
            i += 1
        }
        guard changed else { return line }
        return String(decoding: out, as: UTF8.self).split(separator: " ").joined(separator: " ")
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

    private static let chromePunctuation: Set<Character> = [" ", ".", ":", "!", "…", "»", ">", "|", "-"]

    static func normalized(_ line: String) -> String {
        stripIcons(line).lowercased().trimming(chromePunctuation)
    }

    static func isChrome(_ line: String) -> Bool {
        if line.utf8.count > 60 { return false }  // chrome is short
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
        if paragraph.utf8.count > 300 { return false }
        if isChrome(paragraph) { return true }
        let n = normalized(paragraph)
        if n.hasPrefix("tags:") || n.hasPrefix("share this") || n.hasPrefix("related:") { return true }
        return false
    }

    /// "By Staff, Agencies" -> "Staff, Agencies"; also "Author: X", "Written by X".
    static func byline(_ line: String) -> String? {
        guard line.utf8.count <= 200 else { return nil }
        let stripped = stripIcons(line)
        guard stripped.count <= 100 else { return nil }
        let lower = stripped.lowercased()
        for prefix in ["by ", "written by ", "author: ", "authors: ", "reported by ", "von ", "par "] {
            if lower.hasPrefix(prefix) {
                let name = stripped.dropFirst(prefix.count).trimmingWhitespace()
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
