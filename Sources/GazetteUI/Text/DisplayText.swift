import CGazetteSupport
import GazetteCore

/// Text measured in terminal cells, the way ncurses and the terminal will draw it.
///
/// Widths come from libc's `wcwidth` (what ncurses and tmux use) under a UTF-8 locale: CJK
/// and most emoji take two cells, combining marks none. A cell holds one code point and its
/// combining marks, never more: ncurses cannot put two spacing characters in one cell, and
/// terminals disagree on the width of multi-code-point emoji. So a grapheme cluster that
/// needs several is drawn as several cells of known width, kept together (never split by a
/// line break or a cut): a flag as its two regional indicators (the terminal shows the flag
/// in those two cells), a ZWJ sequence as its emoji side by side (👨‍👩‍👧 as 👨👩👧), a skin
/// tone as a swatch after its emoji, a keycap as "[1]". Variation selectors, joiners and bidi
/// controls are never drawn.
public enum DisplayText {
    /// One drawable cluster: what to draw and how many cells (1 or 2) it takes.
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var width: Int
        /// Part of a cluster drawn in several cells: no line break or cut after it.
        public var joinsNext = false

        public init(text: String, width: Int, joinsNext: Bool = false) {
            self.text = text
            self.width = width
            self.joinsNext = joinsNext
        }
    }

    private static let localeIsUTF8: Bool = gz_setup_utf8_locale() == 1

    /// Width of one code point in cells: -1 for a control character.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v >= 0x20 ? 1 : -1 }
        if Sanitize.isControl(v) { return -1 }  // DEL and C1: never drawn
        if isInvisible(v) { return 0 }
        if localeIsUTF8 {
            let w = Int(gz_wcwidth(v))
            if w >= 0 { return w }
            return Sanitize.isControl(v) ? -1 : 1
        }
        return fallbackWidth(v)
    }

    /// Characters Gazette never draws: bidi controls, zero-width joiners/spaces, variation
    /// selectors, soft hyphens. They would otherwise reorder, hide or shift cells.
    static func isInvisible(_ v: UInt32) -> Bool {
        switch v {
        case 0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFE00...0xFE0F, 0xFEFF,
             0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    /// Used only when no UTF-8 locale exists: a coarse East Asian Wide table.
    static func fallbackWidth(_ v: UInt32) -> Int {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F, 0x0E31, 0x0E34...0x0E3A:
            return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
             0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The drawable cells of a string, cluster by cluster. Tabs become a space; other
    /// control characters are dropped.
    public static func glyphs(_ text: some StringProtocol) -> [Glyph] {
        var out: [Glyph] = []
        out.reserveCapacity(text.utf8.count)
        for character in text { appendGlyphs(of: character, to: &out) }
        return out
    }

    /// One character (grapheme cluster) as the cells it is drawn in; none when it draws nothing.
    public static func glyphs(of character: Character) -> [Glyph] {
        var out: [Glyph] = []
        appendGlyphs(of: character, to: &out)
        return out
    }

    static func appendGlyphs(of character: Character, to out: inout [Glyph]) {
        let scalars = character.unicodeScalars
        // Fast path: ASCII.
        if scalars.count == 1, let s = scalars.first, s.value < 0x80 {
            if s.value >= 0x20 && s.value < 0x7F { out.append(Glyph(text: String(character), width: 1)) }
            else if s.value == 9 { out.append(Glyph(text: " ", width: 1)) }
            return
        }
        let first = out.count
        // A keycap (1️⃣, #️⃣): its character in brackets, a width every terminal agrees on.
        if scalars.contains(where: { $0.value == 0x20E3 }), let base = scalars.first, base.value < 0x80,
           (0x30...0x39).contains(base.value) || base == "#" || base == "*" {
            for t in ["[", String(base), "]"] { out.append(Glyph(text: t, width: 1)) }
        } else {
            var piece = ""
            var pieceWidth = 0
            var marks = 0
            func flush() {
                if pieceWidth > 0 { out.append(Glyph(text: piece, width: pieceWidth)) }
                piece = ""
                pieceWidth = 0
                marks = 0
            }
            for s in scalars {
                if s.value == 0x200D { flush(); continue }  // ZWJ: the next emoji gets its own cell
                if s.value == 9 { flush(); piece = " "; pieceWidth = 1; continue }
                let w = DisplayText.width(of: s)
                if w < 0 { continue }
                if w == 0 {
                    // A combining mark joins the cell before it; with nothing to sit on it is
                    // not drawn alone. Invisible ones (selectors, joiners) never.
                    if pieceWidth > 0, !isInvisible(s.value), marks < 4 { piece.unicodeScalars.append(s); marks += 1 }
                    continue
                }
                // A spacing code point: a cell (or two) of its own. This splits a flag into
                // its two letters and puts a skin tone beside its emoji.
                flush()
                piece.unicodeScalars.append(s)
                pieceWidth = w
            }
            flush()
        }
        if out.count - first > 1 {
            for k in first..<(out.count - 1) { out[k].joinsNext = true }
        }
    }

    static func isRegionalIndicator(_ v: UInt32) -> Bool { v >= 0x1F1E6 && v <= 0x1F1FF }

    /// Width of a string in cells, as drawn.
    public static func width(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text {
            let scalars = character.unicodeScalars
            if scalars.count == 1, let s = scalars.first, s.value < 0x80 {
                total += (s.value >= 0x20 && s.value < 0x7F) || s.value == 9 ? 1 : 0
            } else {
                total += glyphs(of: character).reduce(0) { $0 + $1.width }
            }
        }
        return total
    }

    /// The glyphs that fit in `width` cells; when the text is longer, the last cell is "…".
    /// A wide glyph that would straddle the edge is never cut in half, and a cluster drawn in
    /// several cells (a flag) is kept whole or left out whole.
    public static func fit(_ text: some StringProtocol, width: Int) -> [Glyph] {
        guard width > 0 else { return [] }
        var out: [Glyph] = []
        var used = 0
        for character in text {
            let cluster = glyphs(of: character)
            let w = cluster.reduce(0) { $0 + $1.width }
            if used + w > width {
                // Make room for the ellipsis, whole clusters at a time.
                while used > width - 1, let last = out.popLast() {
                    used -= last.width
                    while let before = out.last, before.joinsNext { used -= out.removeLast().width }
                }
                out.append(Glyph(text: "…", width: 1))
                return out
            }
            out += cluster
            used += w
        }
        return out
    }

    /// True when the first strong character is Arabic, Hebrew or another right-to-left script.
    public static func isRightToLeft(_ text: some StringProtocol) -> Bool {
        for s in text.unicodeScalars {
            let v = s.value
            if (0x0590...0x08FF).contains(v) || (0xFB1D...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v) { return true }
            if s.properties.isAlphabetic { return false }
        }
        return false
    }
}
