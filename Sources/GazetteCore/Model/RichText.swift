/// An article's text with its structure: blocks (paragraphs, headings, list items, quotes,
/// preformatted text, table rows) made of styled runs (bold, italic, code, links).
///
/// Kept beside the plain `Article.body` (which search, pipes, sync and the extraction scores
/// read) when the article came from HTML; the reader draws from it. Stored as text, one block
/// per line (see `encoded` and DECISIONS.md), so an article file stays readable and a damaged
/// line costs only that line.
public struct RichText: Equatable, Sendable {
    public var blocks: [Block]

    /// The alt text of image reference `number` written as "[image 3: alt]" ("" for
    /// "[image 3]"); nil when the text is not that image's.
    public static func imageAlt(_ text: String, number: Int) -> Substring? {
        let lead = "[image \(number)"
        guard text.hasPrefix(lead) else { return nil }
        return text.dropFirst(lead.count).drop { $0 == ":" || $0 == " " }.dropLast()
    }

    public init(blocks: [Block] = []) { self.blocks = blocks }

    /// What holds a block: a quote, or a list item (its first block carries the marker, the
    /// others continue it and are indented alike).
    public enum Container: Equatable, Hashable, Sendable {
        case quote
        /// "-" (an unordered list) or "3." (an ordered one), on the item's first block.
        case item(String)
        /// A later block of the same list item.
        case itemContinued
    }

    public enum Kind: Equatable, Sendable {
        case paragraph
        case heading(Int)
        /// Preformatted: its lines are kept as they are.
        case preformatted
        /// A table row; `header` when its cells are <th>s.
        case row(header: Bool)
        case rule
    }

    public struct Style: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bold = Style(rawValue: 1)
        public static let italic = Style(rawValue: 2)
        public static let code = Style(rawValue: 4)
        public static let link = Style(rawValue: 8)
    }

    public struct Run: Equatable, Sendable {
        public var text: String
        public var style: Style
        /// The link's number (the article's "[n]" references), for link runs that have one.
        public var link: Int?

        public init(_ text: String, style: Style = [], link: Int? = nil) {
            self.text = text
            self.style = style
            self.link = link
        }
    }

    public struct Block: Equatable, Sendable {
        public var containers: [Container]
        public var kind: Kind
        /// The block's cells: one for every kind but a table row.
        public var cells: [[Run]]

        public init(containers: [Container] = [], kind: Kind = .paragraph, cells: [[Run]]) {
            self.containers = containers
            self.kind = kind
            self.cells = cells
        }

        /// The block's text without styles (a row's cells joined by a space).
        public var plainText: String {
            cells.map { $0.map(\.text).joined() }.joined(separator: " ")
        }
    }

    /// Nesting deeper than this is flattened (a hostile feed's thousand nested quotes).
    public static let maxDepth = 12

    // MARK: - Stored form

    /// One line per block: container tokens (`>` a quote, `-` or `3.` a list item's first
    /// block, `.` its later blocks), the kind (`p`, `h1`…`h6`, `pre`, `tr`, `th`, `hr`), a space, then the text. In the text `\\` is a
    /// backslash, `\n` a line break, `\t` the next cell, and `\s<flags>[,<link>];` sets the
    /// style of what follows (bold 1, italic 2, code 4, link 8).
    public var encoded: String {
        var out = ""
        for block in blocks {
            for c in block.containers {
                switch c {
                case .quote: out += "> "
                case .item(let marker): out += marker + " "
                case .itemContinued: out += ". "
                }
            }
            switch block.kind {
            case .paragraph: out += "p"
            case .heading(let level): out += "h\(level)"
            case .preformatted: out += "pre"
            case .row(let header): out += header ? "th" : "tr"
            case .rule: out += "hr"
            }
            out += " "
            var style: Style = []
            var link: Int?
            for (i, cell) in block.cells.enumerated() {
                if i > 0 { out += "\\t" }
                for run in cell where !run.text.isEmpty {
                    if run.style != style || run.link != link {
                        out += "\\s\(run.style.rawValue)" + (run.link.map { ",\($0)" } ?? "") + ";"
                        style = run.style
                        link = run.link
                    }
                    Self.escape(run.text, into: &out)
                }
            }
            out += "\n"
        }
        return out
    }

    static func escape(_ text: String, into out: inout String) {
        guard text.utf8.contains(where: { $0 == 92 || $0 == 10 || $0 == 9 }) else { out += text; return }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Reads the stored form. Lenient: a line it cannot read is kept as a plain paragraph, so
    /// nothing of the text is lost; it never fails.
    public init(encoded: String) {
        var blocks: [Block] = []
        for line in encoded.split(separator: "\n", omittingEmptySubsequences: true) {
            blocks.append(Self.block(from: line))
        }
        self.blocks = blocks
    }

    static func block(from line: Substring) -> Block {
        var containers: [Container] = []
        var rest = line[...]
        while true {
            guard let space = rest.firstIndex(of: " ") else {
                // A kind alone ("hr") with no text.
                if let kind = kind(rest) { return Block(containers: containers, kind: kind, cells: [[]]) }
                return Block(containers: containers, cells: [[Run(String(rest))]])
            }
            let token = rest[..<space]
            let after = rest[rest.index(after: space)...]
            if token == ">" { if containers.count < maxDepth { containers.append(.quote) }; rest = after; continue }
            if token == "." { if containers.count < maxDepth { containers.append(.itemContinued) }; rest = after; continue }
            if token == "-" || (token.hasSuffix(".") && token.count <= 12 && token.dropLast().allSatisfy(\.isASCII) && Int(token.dropLast()) != nil) {
                if containers.count < maxDepth { containers.append(.item(String(token))) }
                rest = after
                continue
            }
            guard let kind = kind(token) else {
                return Block(containers: containers, cells: [[Run(String(rest))]])
            }
            return Block(containers: containers, kind: kind, cells: cells(after))
        }
    }

    static func kind(_ token: Substring) -> Kind? {
        switch token {
        case "p": .paragraph
        case "pre": .preformatted
        case "tr": .row(header: false)
        case "th": .row(header: true)
        case "hr": .rule
        case "h1", "h2", "h3", "h4", "h5", "h6": .heading(Int(token.dropFirst())!)
        default: nil
        }
    }

    /// The text of a line: its cells and their runs.
    static func cells(_ text: Substring) -> [[Run]] {
        var cells: [[Run]] = []
        var runs: [Run] = []
        var current = String.UnicodeScalarView()
        var style: Style = []
        var link: Int?
        func flush() {
            if !current.isEmpty { runs.append(Run(String(current), style: style, link: link)) }
            current = String.UnicodeScalarView()
        }
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            guard s == "\\", i + 1 < scalars.count else { current.append(s); i += 1; continue }
            let next = scalars[i + 1]
            switch next {
            case "n": current.append("\n"); i += 2
            case "t":
                flush()
                cells.append(runs)
                runs = []
                i += 2
            case "s":
                var j = i + 2
                var digits = ""
                while j < scalars.count, scalars[j] != ";", digits.count < 24 { digits.unicodeScalars.append(scalars[j]); j += 1 }
                guard j < scalars.count, scalars[j] == ";" else { current.append(next); i += 2; continue }
                flush()
                let parts = digits.split(separator: ",", omittingEmptySubsequences: false)
                style = Style(rawValue: UInt8(parts.first ?? "") ?? 0).intersection([.bold, .italic, .code, .link])
                link = parts.count > 1 ? Int(parts[1]).flatMap { $0 > 0 ? $0 : nil } : nil
                i = j + 1
            default:
                current.append(next)
                i += 2
            }
        }
        flush()
        cells.append(runs)
        return cells
    }

    // MARK: - Plain text

    /// Rich text for a plain body (imported text, an older article): its paragraphs with the
    /// plain conventions read back ("> " quotes, "- " and "3. " list items indented two
    /// spaces a level), so the reader indents and numbers them alike.
    public init(plain paragraphs: [String]) {
        blocks = paragraphs.map(Self.plainBlock)
    }

    static func plainBlock(_ paragraph: String) -> Block {
        // Most paragraphs start with a letter: nothing to read back.
        if let first = paragraph.utf8.first, !(first == 62 || first == 45 || first == 32 || (first >= 48 && first <= 57) || first == 0xE2) {
            return Block(cells: [[Run(paragraph)]])
        }
        var containers: [Container] = []
        var text = Substring(paragraph)
        while text.hasPrefix("> ") || text == ">", containers.count < maxDepth {
            containers.append(.quote)
            text = text.dropFirst(2)
        }
        // "  - item" (a nested list) or "3. item".
        var indent = 0
        while text.hasPrefix("  ") { text = text.dropFirst(2); indent += 1 }
        if let marker = listMarker(text), containers.count + indent < maxDepth {
            containers += Array(repeating: .itemContinued, count: indent)
            containers.append(.item(marker))
            text = text.dropFirst(marker.count + 1)
        } else if indent > 0 {
            text = Substring(String(repeating: "  ", count: indent)) + text
        }
        // The references that end an article are lines, not a paragraph to wrap into one.
        return Block(containers: containers, kind: .paragraph, cells: [[Run(String(text))]])
    }

    /// "-", "•" or "12." when the text starts with one and a space.
    static func listMarker(_ text: Substring) -> String? {
        if text.hasPrefix("- ") { return "-" }
        if text.hasPrefix("• ") { return "-" }
        guard let dot = text.prefix(6).firstIndex(of: "."), dot > text.startIndex,
              text[..<dot].allSatisfy({ $0.isASCII && $0.isNumber }),
              text[text.index(after: dot)...].hasPrefix(" ") else { return nil }
        return String(text[...dot])
    }
}
