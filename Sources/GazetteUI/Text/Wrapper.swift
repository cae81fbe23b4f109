/// Word-wraps text into lines of at most a given number of cells.
///
/// Breaks after spaces, and between wide (CJK) characters, which need no space; a word
/// longer than the line is broken at a glyph boundary. Each line remembers the glyph offset
/// in its paragraph where it starts, so a reader can keep its place across a resize.
/// Plain ASCII paragraphs (most of a long English article) take a byte-level fast path.
public enum Wrapper {
    public struct Line: Equatable, Sendable {
        /// The text as drawn (clusters already reduced to what the terminal can show).
        public var text: String
        /// Offset, in glyphs, of the line's first glyph within its paragraph.
        public var offset: Int
        /// Width in cells.
        public var width: Int
    }

    public static func wrap(_ paragraph: some StringProtocol, width: Int) -> [Line] {
        let width = max(width, 2)
        var lines: [Line] = []
        // Hard line breaks inside a paragraph start new lines.
        var base = 0
        for bytes in paragraph.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                wrapASCII(Array(bytes), width: width, base: base, into: &lines)
                base += bytes.count
            } else {
                let piece = String(decoding: bytes, as: UTF8.self)
                let glyphs = DisplayText.glyphs(piece)
                wrapGlyphs(glyphs, width: width, base: base, into: &lines)
                base += glyphs.count
            }
        }
        return lines
    }

    /// The break rules over a sequence of cell widths and "is a space / may break after" flags.
    /// Returns the [start, end) ranges of the lines.
    private static func breakLines(count: Int, width: Int, cellWidth: (Int) -> Int, isSpace: (Int) -> Bool,
                                   canBreakBefore: (Int) -> Bool, joinsNext: (Int) -> Bool = { _ in false }) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            // A continuation line does not start with the spaces it was broken at.
            if start > 0 { while start < count, isSpace(start) { start += 1 } }
            if start >= count { break }
            var used = 0
            var end = start
            var lastBreak = -1
            while end < count, used + cellWidth(end) <= width {
                used += cellWidth(end)
                end += 1
                if end < count, canBreakBefore(end) { lastBreak = end }
            }
            if end < count, !isSpace(end), lastBreak > start { end = lastBreak }
            if end == start { end += 1 }  // a glyph wider than the line: take it anyway
            // Never end a line inside a cluster: back to its start, or (a cluster wider than
            // the line) on to its end.
            if end < count, joinsNext(end - 1) {
                var back = end
                while back > start, joinsNext(back - 1) { back -= 1 }
                if back > start { end = back } else { while end < count, joinsNext(end - 1) { end += 1 } }
            }
            var trimmed = end
            while trimmed > start, isSpace(trimmed - 1) { trimmed -= 1 }
            ranges.append(start..<trimmed)
            start = end
        }
        return ranges
    }

    private static func wrapASCII(_ bytes: [UInt8], width: Int, base: Int, into lines: inout [Line]) {
        if bytes.isEmpty { lines.append(Line(text: "", offset: base, width: 0)); return }
        let ranges = breakLines(count: bytes.count, width: width, cellWidth: { _ in 1 },
                                isSpace: { bytes[$0] == 32 }, canBreakBefore: { bytes[$0 - 1] == 32 || bytes[$0 - 1] == 45 || bytes[$0 - 1] == 47 })
        for r in ranges {
            lines.append(Line(text: String(decoding: bytes[r], as: UTF8.self), offset: base + r.lowerBound, width: r.count))
        }
    }

    private static func wrapGlyphs(_ glyphs: [DisplayText.Glyph], width: Int, base: Int, into lines: inout [Line]) {
        if glyphs.isEmpty { lines.append(Line(text: "", offset: base, width: 0)); return }
        let ranges = breakLines(
            count: glyphs.count, width: width, cellWidth: { glyphs[$0].width }, isSpace: { glyphs[$0].text == " " && !glyphs[$0].joinsNext },
            canBreakBefore: { canBreak(glyphs[$0 - 1], glyphs[$0]) }, joinsNext: { glyphs[$0].joinsNext })
        for r in ranges {
            let slice = glyphs[r]
            lines.append(Line(text: slice.map(\.text).joined(), offset: base + r.lowerBound, width: slice.reduce(0) { $0 + $1.width }))
        }
    }

    /// Whether a line may end between two glyphs. After a space, a hyphen, a dash or a slash;
    /// between wide (CJK) characters, which need no space, except that no line starts with
    /// closing punctuation or a small kana (、。」ー っ ...) and none ends with an opening
    /// bracket (「（ ...), the usual Japanese and Chinese rules; Korean is written with spaces,
    /// so Hangul syllables stay together like the letters of a word. Never inside a cluster.
    static func canBreak(_ a: DisplayText.Glyph, _ b: DisplayText.Glyph) -> Bool {
        if a.joinsNext { return false }
        if let first = b.text.unicodeScalars.first, noLineStart.contains(first.value) { return false }
        if let last = a.text.unicodeScalars.first, noLineEnd.contains(last.value) { return false }
        if a.text == " " || a.text == "-" || a.text == "\u{2014}" || a.text == "/" { return true }
        if isHangul(a), isHangul(b) { return false }
        return a.width == 2 || b.width == 2
    }

    static func isHangul(_ g: DisplayText.Glyph) -> Bool {
        guard let v = g.text.unicodeScalars.first?.value else { return false }
        return (0xAC00...0xD7A3).contains(v) || (0x1100...0x11FF).contains(v) || (0x3130...0x318F).contains(v)
    }

    /// Characters no line starts with (closing brackets and punctuation, small kana, the
    /// prolonged sound mark, iteration marks), full-width forms included.
    static let noLineStart: Set<UInt32> = Set(Array("、。，．・：；？！」』）】〕〉》〙〗〟’”｝］｠〜ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ‐゠–！？％，．：；）］｝｣､。".unicodeScalars).map(\.value))
        .union([0x2026, 0x2025, 0x3001, 0x3002, 0xFF09, 0xFF3D, 0xFF5D])

    /// Characters no line ends with: opening brackets and quotes.
    static let noLineEnd: Set<UInt32> = Set(Array("「『（【〔〈《〘〖〝‘“｛［｟（［｛｢".unicodeScalars).map(\.value))
}
