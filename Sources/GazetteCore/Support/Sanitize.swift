/// Removes what must never reach a terminal from text that came from outside: a feed, a page,
/// a file name, a server's answer.
///
/// C0 controls (ESC, BEL, NUL, ...), DEL and C1 controls (U+0080...U+009F, which some terminals
/// read as CSI or OSC) are dropped; tab and newline are kept where the text may have lines.
/// Lone surrogates cannot live in a Swift string; decoders turn them into U+FFFD.
public enum Sanitize {
    /// Text that may have lines (an article body): keeps newline and tab.
    public static func text(_ s: String) -> String {
        clean(s, keepLines: true)
    }

    /// One line (a title, an author, a file name): newlines and tabs become spaces.
    public static func line(_ s: String) -> String {
        clean(s, keepLines: false)
    }

    /// True for a scalar that is never drawn or printed as it is.
    @inline(__always)
    public static func isControl(_ v: UInt32) -> Bool {
        v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0)
    }

    static func clean(_ s: String, keepLines: Bool) -> String {
        // Fast path: nothing to do (no byte below 0x20, no DEL, no C2 80...C2 9F).
        var dirty = false
        var previous: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F || (previous == 0xC2 && b < 0xA0 && b >= 0x80) { dirty = true; break }
            previous = b
        }
        guard dirty else { return s }
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            defer { afterCR = v == 13 }
            if v == 10 && afterCR { continue }  // CRLF: one line break
            if v == 10 || v == 13 {
                out.append(keepLines ? "\n" : " ")
            } else if v == 9 {
                out.append(keepLines ? scalar : " ")
            } else if !isControl(v) {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
