import CGazetteSupport
import GazetteCore

/// Text measured in terminal cells, the way ncurses and the terminal will draw it.
///
/// Widths come from libc's `wcwidth` (what ncurses uses) under a UTF-8 locale: CJK and most
/// emoji take two cells, combining marks none. A grapheme cluster is drawn as its first
/// code point plus the zero-width marks after it (a flag keeps both of its letters); whatever
/// else it holds (the rest of a ZWJ emoji sequence, a skin-tone modifier, variation
/// selectors) is dropped, because terminals disagree about those widths and a disagreement
/// shifts every cell after it.
public enum DisplayText {
    /// One drawable cluster: what to draw and how many cells (1 or 2) it takes.
    public struct Glyph: Equatable, Sendable {
        public var text: String
        public var width: Int
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

    /// The drawable clusters of a string. Tabs become a space; other control characters are dropped.
    public static func glyphs(_ text: some StringProtocol) -> [Glyph] {
        var out: [Glyph] = []
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let g = glyph(character) { out.append(g) }
        }
        return out
    }

    /// One character as drawn, or nil when it draws nothing.
    public static func glyph(_ character: Character) -> Glyph? {
        let scalars = character.unicodeScalars
        // Fast path: ASCII.
        if scalars.count == 1, let s = scalars.first, s.value < 0x80 {
            if s.value >= 0x20 && s.value < 0x7F { return Glyph(text: String(character), width: 1) }
            if s.value == 9 { return Glyph(text: " ", width: 1) }
            return nil
        }
        var text = ""
        var width = 0
        var base = false
        for s in scalars {
            if s.value == 0x200D { break }  // ZWJ: draw the first emoji of the sequence only
            if s.value == 9 { if !base { text = " "; width = 1; base = true }; continue }
            let w = DisplayText.width(of: s)
            if w < 0 { continue }
            if !base {
                if w == 0 {
                    // A mark with nothing to sit on: skip it (invisible) rather than draw it alone.
                    continue
                }
                text.unicodeScalars.append(s)
                width = w
                base = true
            } else if w == 0 {
                if !isInvisible(s.value), text.unicodeScalars.count < 5 { text.unicodeScalars.append(s) }
            } else if isRegionalIndicator(s.value), let first = text.unicodeScalars.first, isRegionalIndicator(first.value),
                      text.unicodeScalars.count == 1 {
                // A flag: two regional indicators, one cell each everywhere (libc, ncurses, tmux).
                text.unicodeScalars.append(s)
                width += w
            } else {
                break  // another spacing code point (a skin-tone modifier): terminals disagree, drop it
            }
        }
        return base ? Glyph(text: text, width: width) : nil
    }

    static func isRegionalIndicator(_ v: UInt32) -> Bool { v >= 0x1F1E6 && v <= 0x1F1FF }

    /// Width of a string in cells, as drawn.
    public static func width(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += glyph(character)?.width ?? 0 }
        return total
    }

    /// The glyphs that fit in `width` cells; when the text is longer, the last cell is "…".
    /// A wide glyph that would straddle the edge is never cut in half.
    public static func fit(_ text: some StringProtocol, width: Int) -> [Glyph] {
        guard width > 0 else { return [] }
        var out: [Glyph] = []
        var used = 0
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard let g = glyph(character) else { continue }
            if used + g.width > width {
                // Make room for the ellipsis.
                while used > width - 1, let last = out.popLast() { used -= last.width }
                out.append(Glyph(text: "…", width: 1))
                return out
            }
            out.append(g)
            used += g.width
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
