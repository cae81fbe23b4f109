/// How a cell is drawn.
public struct Style: Equatable, Hashable, Sendable {
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false
    /// Where the terminal has it (rich text's emphasis).
    public var italic = false
    public var color: Color = .normal

    /// What a cell is, for colouring: the terminal gives each element the colours and
    /// attributes the config file (`color ELEMENT FG BG [ATTR…]`) or the default theme says.
    public enum Color: Int, Sendable, CaseIterable {
        case normal = 0, accent = 1, star = 2, error = 3, bar = 4
        case listNormal, listFocus, listSelected, unread, date, title, meta, article, quote, link
        /// Rows of the folder list and of the article list (each falls back to `listnormal`).
        case folderList, articleList
        /// The reader's headings and code (each falls back to `title` / `article`).
        case heading, code

        /// The name a config file uses (newsboat's where it has the element).
        public var configName: String {
            switch self {
            case .normal: "background"
            case .accent: "header"
            case .star: "star"
            case .error: "error"
            case .bar: "info"
            case .listNormal: "listnormal"
            case .listFocus: "listfocus"
            case .listSelected: "listselected"
            case .unread: "listnormal_unread"
            case .date: "date"
            case .title: "title"
            case .meta: "meta"
            case .article: "article"
            case .quote: "quote"
            case .link: "link"
            case .folderList: "folders"
            case .articleList: "articles"
            case .heading: "heading"
            case .code: "code"
            }
        }

        /// The element whose colours apply when this one has none of its own.
        public var fallback: Color? {
            switch self {
            case .folderList, .articleList: .listNormal
            case .heading: .title
            case .code: .article
            default: nil
            }
        }

        public init?(configName: String) {
            guard let found = Self.allCases.first(where: { $0.configName == configName.lowercased() }) else { return nil }
            self = found
        }
    }

    public init(bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false, italic: Bool = false,
                color: Color = .normal) {
        self.italic = italic
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.color = color
    }

    public static let plain = Style()
}

/// One terminal cell: a glyph (or "" where the wide glyph to its left continues) and its style.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public static let blank = Cell(text: " ", style: .plain)
    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells that views paint into and the terminal backend draws.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle with blanks of a style.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let r = clip(rect)
        guard !r.isEmpty else { return }
        for y in r.y..<(r.y + r.height) {
            for x in r.x..<(r.x + r.width) { cells[y * width + x] = Cell(text: " ", style: style) }
        }
    }

    /// Draws glyphs from (x, y), never past `limit` cells nor the screen edge. Returns cells used.
    /// A wide glyph that does not fit whole is left out; no wide glyph is ever cut in half.
    @discardableResult
    public mutating func draw(_ glyphs: [DisplayText.Glyph], x: Int, y: Int, limit: Int, style: Style) -> Int {
        guard y >= 0, y < height, x >= 0 else { return 0 }
        let end = min(x + max(limit, 0), width)
        var cx = x
        for g in glyphs {
            if cx + g.width > end { break }
            repairWide(at: cx, y: y)
            cells[y * width + cx] = Cell(text: g.text, style: style)
            if g.width == 2 {
                repairWide(at: cx + 1, y: y)
                cells[y * width + cx + 1] = Cell(text: "", style: style)
            }
            cx += g.width
        }
        return cx - x
    }

    /// Draws text truncated with "…" to fit `limit` cells.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, limit: Int, style: Style = .plain) -> Int {
        draw(DisplayText.fit(text, width: min(limit, width - x)), x: x, y: y, limit: limit, style: style)
    }

    /// Draws text into a one-row rectangle: fills the row with the style, then the text (truncated).
    public mutating func putRow(_ text: some StringProtocol, in rect: Rect, style: Style = .plain) {
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), style: style)
        put(text, x: rect.x, y: rect.y, limit: rect.width, style: style)
    }

    /// Overwriting one half of a wide glyph blanks its other half so no half-glyph survives.
    private mutating func repairWide(at x: Int, y: Int) {
        guard x < width else { return }
        let i = y * width + x
        if cells[i].isContinuation, x > 0 {
            cells[i - 1] = Cell(text: " ", style: cells[i - 1].style)
        } else if x + 1 < width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style)
        }
    }

    private func clip(_ r: Rect) -> Rect {
        let x0 = max(r.x, 0), y0 = max(r.y, 0)
        let x1 = min(r.x + r.width, width), y1 = min(r.y + r.height, height)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The screen as plain text lines (trailing spaces kept), for snapshots and tests.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { line += c.text }
            }
            return line
        }
    }

    /// The screen as text, one line per row, with trailing spaces trimmed.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
