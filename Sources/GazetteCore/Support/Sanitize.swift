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
        // Fast path: nothing to do (no control byte but kept newlines and tabs, no DEL, no
        // C2 80...C2 9F). Most text takes it.
        let dirty = Bytes.withUTF8(s) { buf in
            var previous: UInt8 = 0
            for b in buf {
                if b < 0x20 {
                    if !(keepLines && (b == 10 || b == 9)) { return true }
                } else if b == 0x7F || (previous == 0xC2 && b >= 0x80 && b < 0xA0) {
                    return true
                }
                previous = b
            }
            return false
        }
        guard dirty else { return s }
        // On UTF-8 bytes: every control is one byte (C0, DEL) or C2 plus one (C1).
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 13 {  // CR, or CRLF: one line break
                out.append(keepLines ? 10 : 32)
                if i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
            } else if b == 10 || b == 9 {
                out.append(keepLines ? b : 32)
            } else if b < 0x20 || b == 0x7F {
                // dropped
            } else if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] >= 0x80, bytes[i + 1] < 0xA0 {
                i += 1  // a C1 control: dropped
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
