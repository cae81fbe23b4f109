/// Text as search compares it: lowercase, without accents, full-width letters as ASCII,
/// any whitespace as a space. On UTF-8 bytes without Foundation (whose folding took a third
/// of a second over 100,000 non-ASCII titles); scripts without case pass unchanged.
public enum SearchFolding {
    /// Appends the folded UTF-8 of `text` to `out`.
    static func fold(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        while i < text.count {
            let b = text[i]
            if b < 0x80 {  // ASCII, most of any Latin title: no decoding
                out.append(b >= 65 && b <= 90 ? b + 32 : (b == 9 || b == 10 || b == 13 ? 32 : b))
                i += 1
                continue
            }
            // A multi-byte sequence (the index holds valid UTF-8, written from Strings).
            let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : 2)
            guard i + length <= text.count else { break }
            var value = UInt32(b) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
            for k in 1..<length { value = value << 6 | UInt32(text[i + k] & 0x3F) }
            append(value, to: &out)
            i += length
        }
    }

    /// The folded UTF-8 of `text` (also a sort key: case and accents aside, code point order).
    public static func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        Array(text.utf8).withUnsafeBufferPointer { fold($0, into: &out) }
        return out
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0x41...0x5A: out.append(UInt8(value + 32))
        case 0x09, 0x0A, 0x0D, 0xA0, 0x3000: out.append(32)
        case 0..<0x80: out.append(UInt8(value))
        case 0xC0..<0x180:
            let base = latin[Int(value - 0xC0)]
            if base != 0 { out.append(base) } else { appendUTF8(lowercased(value), to: &out) }
        case 0x300...0x36F: break  // combining accents (decomposed text)
        case 0xFF01...0xFF5E: append(value - 0xFEE0, to: &out)  // full-width ASCII
        case 0x3040...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF: appendUTF8(value, to: &out)  // kana, CJK, Hangul: no case
        default: appendUTF8(lowercased(value), to: &out)
        }
    }

    /// The simple lowercase of a scalar with case (Greek, Cyrillic, ...), else itself.
    private static func lowercased(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased else { return value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }

    private static func appendUTF8(_ value: UInt32, to out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        out.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// U+00C0...U+017F: the ASCII letter each accented Latin letter folds to (0: none, such as
    /// "æ", "ß", "×", which are only lowercased).
    static let latin: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x180 - 0xC0)
        func set(_ range: ClosedRange<UInt32>, _ letter: Character) {
            for v in range { table[Int(v - 0xC0)] = letter.asciiValue! }
        }
        set(0xC0...0xC5, "a"); set(0xC7...0xC7, "c"); set(0xC8...0xCB, "e"); set(0xCC...0xCF, "i"); set(0xD0...0xD0, "d")
        set(0xD1...0xD1, "n"); set(0xD2...0xD6, "o"); set(0xD8...0xD8, "o"); set(0xD9...0xDC, "u"); set(0xDD...0xDD, "y")
        set(0xE0...0xE5, "a"); set(0xE7...0xE7, "c"); set(0xE8...0xEB, "e"); set(0xEC...0xEF, "i"); set(0xF0...0xF0, "d")
        set(0xF1...0xF1, "n"); set(0xF2...0xF6, "o"); set(0xF8...0xF8, "o"); set(0xF9...0xFC, "u"); set(0xFD...0xFD, "y")
        set(0xFF...0xFF, "y")
        set(0x100...0x105, "a"); set(0x106...0x10D, "c"); set(0x10E...0x111, "d"); set(0x112...0x11B, "e")
        set(0x11C...0x123, "g"); set(0x124...0x127, "h"); set(0x128...0x131, "i"); set(0x134...0x135, "j")
        set(0x136...0x138, "k"); set(0x139...0x142, "l"); set(0x143...0x14B, "n"); set(0x14C...0x151, "o")
        set(0x154...0x159, "r"); set(0x15A...0x161, "s"); set(0x162...0x167, "t"); set(0x168...0x173, "u")
        set(0x174...0x175, "w"); set(0x176...0x178, "y"); set(0x179...0x17E, "z"); set(0x17F...0x17F, "s")
        return table
    }()
}
