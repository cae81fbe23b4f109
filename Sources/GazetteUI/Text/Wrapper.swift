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
                                   breakAfter: (Int) -> Bool, joinsNext: (Int) -> Bool = { _ in false }) -> [Range<Int>] {
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
                if end < count, breakAfter(end - 1) || (cellWidth(end) == 2 && !joinsNext(end - 1)) { lastBreak = end }
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
                                isSpace: { bytes[$0] == 32 }, breakAfter: { bytes[$0] == 32 || bytes[$0] == 45 || bytes[$0] == 47 })
        for r in ranges {
            lines.append(Line(text: String(decoding: bytes[r], as: UTF8.self), offset: base + r.lowerBound, width: r.count))
        }
    }

    private static func wrapGlyphs(_ glyphs: [DisplayText.Glyph], width: Int, base: Int, into lines: inout [Line]) {
        if glyphs.isEmpty { lines.append(Line(text: "", offset: base, width: 0)); return }
        let ranges = breakLines(
            count: glyphs.count, width: width, cellWidth: { glyphs[$0].width }, isSpace: { glyphs[$0].text == " " && !glyphs[$0].joinsNext },
            breakAfter: { i in
                let g = glyphs[i]
                if g.joinsNext { return false }  // inside a cluster drawn in several cells
                return g.text == " " || g.text == "-" || g.text == "\u{2014}" || g.text == "/" || g.width == 2
            }, joinsNext: { glyphs[$0].joinsNext })
        for r in ranges {
            let slice = glyphs[r]
            lines.append(Line(text: slice.map(\.text).joined(), offset: base + r.lowerBound, width: slice.reduce(0) { $0 + $1.width }))
        }
    }
}
