import Foundation

/// Turns the bytes of a text file into a String, detecting the encoding.
///
/// UTF-8 (with or without a BOM), UTF-16 (BOM, or detected from its zero bytes), a legacy
/// charset `CharsetDetector` recognises (KOI8-R, Shift_JIS, Big5...), and otherwise
/// Windows-1252, which is Latin-1 for every byte real text uses. Text that was
/// UTF-8 read as Windows-1252 and saved again ("â€™", "Ã©") is repaired when it can be, and
/// refused when it cannot: Gazette never imports mojibake.
public enum TextDecoding {
    /// A charset by its registered name.
    public struct Encoding: Equatable, Sendable, CustomStringConvertible {
        public let name: String
        public var description: String { name }
        public static let utf8 = Encoding(name: "UTF-8"), utf16LE = Encoding(name: "UTF-16LE"), utf16BE = Encoding(name: "UTF-16BE")
        public static let windows1252 = Encoding(name: "windows-1252"), latin1 = Encoding(name: "ISO-8859-1")
        public static let windows1251 = Encoding(name: "windows-1251")
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty, binary, mojibake
        public var description: String {
            switch self {
            case .empty: "the file is empty"
            case .binary: "binary data, not text"
            case .mojibake: "the text is garbled (UTF-8 that was decoded as Windows-1252 and saved again) and could not be repaired"
            }
        }
    }

    public static func decode(_ bytes: [UInt8]) throws(Failure) -> (text: String, encoding: Encoding) {
        if bytes.isEmpty { throw .empty }
        var text: String
        var encoding: Encoding
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(decoding: demoronize(Array(bytes.dropFirst(3))), as: UTF8.self)
            encoding = .utf8
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            text = decodeUTF16(bytes.dropFirst(2), littleEndian: true)
            encoding = .utf16LE
        } else if bytes.starts(with: [0xFE, 0xFF]) {
            text = decodeUTF16(bytes.dropFirst(2), littleEndian: false)
            encoding = .utf16BE
        } else if let le = looksLikeUTF16(bytes) {
            text = decodeUTF16(bytes[...], littleEndian: le)
            encoding = le ? .utf16LE : .utf16BE
        } else if bytes.contains(0) {
            throw .binary
        } else {
            let reading = reading(undeclared: bytes)
            if reading.decoder == "UTF-8" {
                text = String(decoding: demoronize(reading.bytes), as: UTF8.self)  // strays are U+FFFD
                encoding = .utf8
            } else if reading.name != "windows-1252", let decoded = CharsetDetector.decode(reading.bytes, from: reading.decoder) {
                text = decoded  // KOI8-R, Shift_JIS, Big5...
                encoding = Encoding(name: reading.name)
            } else {
                let hasC1 = bytes.contains { $0 >= 0x80 && $0 <= 0x9F }
                text = decodeWindows1252(bytes)
                encoding = hasC1 ? .windows1252 : .latin1
            }
        }
        if mayContainMojibake(text), containsMojibake(text) {
            guard let repaired = repairMojibake(text), !containsMojibake(repaired) else { throw .mojibake }
            text = repaired
        }
        if looksBinary(text) { throw .binary }
        return (text, encoding)
    }

    /// "Demoronizes" UTF-8: C1 control characters (U+0080...U+009F, never used in real text)
    /// are Windows-1252 punctuation that went through a Latin-1 decoder; map them back (’ “ ” – …).
    public static func demoronize(_ bytes: [UInt8]) -> [UInt8] {
        let found: Int? = bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            while i + 1 < n {
                if buf[i] == 0xC2, buf[i + 1] >= 0x80, buf[i + 1] < 0xA0 { return i }
                i += 1
            }
            return nil
        }
        guard let first = found else { return bytes }
        var out = Array(bytes[..<first])
        out.reserveCapacity(bytes.count + 16)
        var i = first
        while i < bytes.count {
            if bytes[i] == 0xC2, i + 1 < bytes.count, bytes[i + 1] >= 0x80, bytes[i + 1] < 0xA0 {
                let mapped = cp1252High[Int(bytes[i + 1] - 0x80)]
                if mapped != 0, let scalar = Unicode.Scalar(mapped) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += 2
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return out
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF), on bytes.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        scanUTF8(bytes, stopAtError: true).invalid == 0
    }

    /// UTF-8 with a few stray bytes (a truncated copy, one Latin-1 character pasted in): at
    /// least two well-formed multi-byte characters for each byte that is not.
    static func isMostlyUTF8(_ bytes: [UInt8]) -> Bool {
        let scan = scanUTF8(bytes, stopAtError: false)
        return scan.invalid > 0 && scan.multibyte >= 2 * scan.invalid
    }

    /// How to read bytes that do not say their charset (or wrongly claim UTF-8); the one rule
    /// for feeds, saved pages and text files.
    public struct Reading: Equatable, Sendable {
        /// The bytes to decode (stray bytes in mostly-UTF-8 already replaced by U+FFFD).
        public var bytes: [UInt8]
        /// The decoder's name, for iconv or libxml2.
        public var decoder: String
        /// The charset's registered name.
        public var name: String
        /// False only when the bytes are valid UTF-8.
        public var guessed: Bool
    }

    /// UTF-8 when the bytes are; UTF-8 with U+FFFD for a few stray bytes; else the charset
    /// `CharsetDetector` recognises; else Windows-1252.
    static func reading(undeclared bytes: [UInt8]) -> Reading {
        if isValidUTF8(bytes) { return Reading(bytes: bytes, decoder: "UTF-8", name: "utf-8", guessed: false) }
        if isMostlyUTF8(bytes) { return Reading(bytes: replacingInvalidUTF8(bytes), decoder: "UTF-8", name: "utf-8", guessed: true) }
        let guess = CharsetDetector.detect(bytes)
        if let guess, guess.name != "windows-1252" { return Reading(bytes: bytes, decoder: guess.decoder, name: guess.name, guessed: true) }
        // Not a charset Gazette recognises, but with well-formed UTF-8 sequences in it
        // (Western text essentially never has them): damaged UTF-8, read as UTF-8 with U+FFFD
        // for the damage rather than turned into Latin-1 mojibake.
        if scanUTF8(bytes, stopAtError: false).multibyte > 0 {
            return Reading(bytes: replacingInvalidUTF8(bytes), decoder: "UTF-8", name: "utf-8", guessed: true)
        }
        if let guess { return Reading(bytes: bytes, decoder: guess.decoder, name: guess.name, guessed: true) }
        return Reading(bytes: bytes, decoder: "windows-1252", name: "windows-1252", guessed: true)
    }

    /// Labels that mean Latin-1 in practice (read as its superset Windows-1252).
    static let latin1Labels: Set<String> = ["iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1", "windows-1252", "cp1252"]

    /// The bytes as UTF-8, each invalid byte replaced by U+FFFD.
    static func replacingInvalidUTF8(_ bytes: [UInt8]) -> [UInt8] {
        Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// Counts well-formed multi-byte sequences and bytes that are not part of one.
    static func scanUTF8(_ bytes: [UInt8], stopAtError: Bool) -> (multibyte: Int, invalid: Int) {
        bytes.withUnsafeBufferPointer { buf in
            var i = 0, multibyte = 0, invalid = 0
            let n = buf.count
            let base = buf.baseAddress
            while i < n {
                // Runs of ASCII (most of any text) eight bytes at a time.
                if let base, i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let b = buf[i]
                if b < 0x80 { i += 1; continue }
                func cont(_ k: Int) -> Bool { i + k < n && buf[i + k] & 0xC0 == 0x80 }
                var length = 0
                if b >= 0xC2 && b <= 0xDF {
                    if cont(1) { length = 2 }
                } else if b >= 0xE0 && b <= 0xEF {
                    if cont(1), cont(2) {
                        let b1 = buf[i + 1]
                        if !(b == 0xE0 && b1 < 0xA0) && !(b == 0xED && b1 >= 0xA0) { length = 3 }
                    }
                } else if b >= 0xF0 && b <= 0xF4 {
                    if cont(1), cont(2), cont(3) {
                        let b1 = buf[i + 1]
                        if !(b == 0xF0 && b1 < 0x90) && !(b == 0xF4 && b1 >= 0x90) { length = 4 }
                    }
                }
                if length == 0 {
                    invalid += 1
                    if stopAtError { break }
                    i += 1
                } else {
                    multibyte += 1
                    i += length
                }
            }
            return (multibyte, invalid)
        }
    }

    /// Text with C1 control characters (U+0080...U+009F, which real text never uses) read as
    /// the Windows-1252 punctuation they stand for: "don&#146;t" -> "don’t", as HTML5 does.
    public static func demoronize(_ text: String) -> String {
        // C1 controls are C2 80...C2 9F in UTF-8: a byte scan finds them (most texts have none).
        var previous: UInt8 = 0
        guard text.utf8.contains(where: { b in defer { previous = b }; return previous == 0xC2 && b >= 0x80 && b <= 0x9F }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0x80...0x9F).contains(s.value), case let mapped = cp1252High[Int(s.value - 0x80)], mapped != 0,
               let scalar = Unicode.Scalar(mapped) {
                out.append(scalar)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// Windows-1252 code points for bytes 0x80...0x9F (0 where the code page leaves a hole).
    static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    public static func decodeWindows1252(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for b in bytes {
            var value = UInt32(b)
            if b >= 0x80, b <= 0x9F, cp1252High[Int(b - 0x80)] != 0 { value = cp1252High[Int(b - 0x80)] }
            scalars.append(Unicode.Scalar(value)!)
        }
        return String(scalars)
    }

    /// Encodes back to Windows-1252; nil when a character has no byte there.
    static func encodeWindows1252(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            if s.value < 0x80 || (s.value >= 0xA0 && s.value <= 0xFF) {
                out.append(UInt8(s.value))
            } else if let i = cp1252High.firstIndex(of: s.value), s.value != 0 {
                out.append(UInt8(0x80 + i))
            } else if s.value >= 0x80 && s.value <= 0x9F {
                out.append(UInt8(s.value))
            } else {
                return nil
            }
        }
        return out
    }

    static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// UTF-16 without a BOM: most ASCII text has a zero in every other byte.
    static func looksLikeUTF16(_ bytes: [UInt8]) -> Bool? {
        guard bytes.count >= 4 else { return nil }
        let sample = bytes.prefix(4096)
        var zeroEven = 0, zeroOdd = 0
        for (i, b) in sample.enumerated() where b == 0 {
            if i % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 }
        }
        let pairs = sample.count / 2
        if zeroOdd > pairs * 6 / 10 && zeroEven == 0 { return true }
        if zeroEven > pairs * 6 / 10 && zeroOdd == 0 { return false }
        return nil
    }

    /// Byte-level pre-check: mojibake always has "Ã", "Â" or "â" (C3 83, C3 82, C3 A2 in UTF-8).
    static func mayContainMojibake(_ text: String) -> Bool {
        Bytes.withUTF8(text) { buf in
            guard buf.count > 1 else { return false }
            for i in 0..<(buf.count - 1) where buf[i] == 0xC3 {
                let b = buf[i + 1]
                if b == 0x83 || b == 0x82 || b == 0xA2 { return true }
            }
            return false
        }
    }

    /// More than 1 in 100 characters is a control character other than tab, newline, CR, form feed.
    static func looksBinary(_ text: String) -> Bool {
        // Fast path on bytes: nothing below 0x20 but whitespace, no DEL, no C1 (C2 80...C2 9F), no U+FFFD (EF BF BD).
        let suspicious = Bytes.withUTF8(text) { buf in
            var previous: UInt8 = 0
            for b in buf {
                if (b < 0x20 && b != 9 && b != 10 && b != 13 && b != 12) || b == 0x7F
                    || (previous == 0xC2 && b >= 0x80 && b < 0xA0) || (previous == 0xEF && b == 0xBF) {
                    return true
                }
                previous = b
            }
            return false
        }
        guard suspicious else { return false }
        var controls = 0, total = 0
        for s in text.unicodeScalars {
            total += 1
            let v = s.value
            if (v < 0x20 && v != 9 && v != 10 && v != 13 && v != 12) || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0xFFFD {
                controls += 1
            }
        }
        return total > 0 && controls * 100 > total
    }

    /// Pairs that real text almost never has and UTF-8-read-as-1252 always does:
    /// "Ã" or "Â" followed by a character from U+0080...U+00BF or a 1252 punctuation mark,
    /// and "â€" (the lead of every curly quote and dash).
    static func containsMojibake(_ text: String) -> Bool {
        var previous: UInt32 = 0
        var hits = 0
        for s in text.unicodeScalars {
            let v = s.value
            if previous == 0xE2 && v == 0x20AC { hits += 1 }
            if (previous == 0xC3 || previous == 0xC2) && ((v >= 0x80 && v <= 0xBF) || cp1252High.contains(v) && v > 0xFF) {
                hits += 1
            }
            previous = v
        }
        return hits >= 2
    }

    static func repairMojibake(_ text: String) -> String? {
        guard let bytes = encodeWindows1252(text) else { return nil }
        return isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }
}
